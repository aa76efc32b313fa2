/**
 * The demo a newcomer runs (`npm run demo`), clicked through in real Chromium:
 * from a campaign link to a purchase and a referral, then the journey map shows
 * that visitor in all five phases. Headless Chromium says so in its User-Agent,
 * so the collector flags this visitor as a bot: the map shows them with "include bots".
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { waitFor } from './support/servers'
import { startDemo } from '../../examples/serve-demo.mjs'

const PHASES = ['awareness', 'consideration', 'conversion', 'retention', 'advocacy']
let browser: BrowserContext
let demo: Awaited<ReturnType<typeof startDemo>>
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'journeytag-demo-'))
  demo = await startDemo({ sitePort: 0, collectorPort: 0, dbPath: join(dataDir, 'journeytag.db'), visitors: 1500 })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function go(tab: Page, selector: string, path: string) {
  await Promise.all([tab.waitForURL(`**${path}`), tab.click(selector)])
}

test('a visitor from a campaign link who buys and refers a friend appears on the journey map in all five phases', async () => {
  expect(demo.seeded).toBeGreaterThan(5000)
  const since = Date.now()
  const tab = await browser.newPage()
  const errors: string[] = []
  tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()))

  await tab.goto(demo.campaignUrl)
  await go(tab, '#shop-now', '/products.html')
  await go(tab, '#product-morning', '/product.html')
  await tab.click('[data-chat-launcher]')
  await expect.poll(() => tab.isVisible('#chat')).toBe(true)
  await go(tab, '#add-to-cart', '/checkout.html')
  await tab.fill('input[name=email]', 'ada@example.com')
  await tab.fill('input[name=card]', '4242 4242 4242 4242')
  await tab.click('#pay')
  await tab.waitForSelector('#checkout-done', { state: 'visible' })
  await go(tab, '#to-account', '/account.html')
  await go(tab, '#refer-link', '/refer.html')
  await tab.fill('input[name=friend]', 'grace@example.com')
  await tab.click('#send-referral')
  await tab.waitForSelector('#refer-done', { state: 'visible' })

  const mine = await waitFor(async () => {
    const recent = []
    for await (const row of demo.store.exportEvents({ from: since, to: Date.now() + 60_000, phases: PHASES, includeBots: true })) recent.push({ ...row.event, bot: row.bot })
    const referral = recent.find((e) => e.type === 'referral')
    return referral && recent.filter((e) => e.anonymousId === referral.anonymousId)
  }, 20_000, 'the referral at the collector')
  expect(mine.every((e) => e.bot)).toBe(true)
  const seen = mine.map((e) => `${e.type}@${e.phase}`)
  expect(seen[0]).toBe('page_view@awareness')
  expect(mine[0]!.channel).toBe('paid_social')
  for (const touchpoint of ['page_view@consideration', 'add_to_cart@consideration', 'chat_open@consideration', 'form_start@conversion', 'purchase@conversion', 'page_view@retention', 'page_view@advocacy', 'referral@advocacy']) {
    expect(seen).toContain(touchpoint)
  }

  // The whole map: the seeded crowd, plus this (headless, so bot) visitor when bots are included.
  await tab.setViewportSize({ width: 1400, height: 1000 })
  await tab.goto(`${demo.mapUrl}?range=30d`)
  const total = async () => Number((await tab.locator('[data-total="visitors"]').textContent())!.replace(/,/g, ''))
  expect(await total()).toBe(1500)
  await tab.click('form.filters .more summary')
  await tab.check('input[name=includeBots]')
  await Promise.all([tab.waitForURL('**includeBots=1**'), tab.click('form.filters button')])
  expect(await total()).toBe(1501)
  expect(await tab.locator('.phase .flag').count()).toBeGreaterThan(0)
  expect(await tab.locator('.funnel .step').count()).toBe(5)
  expect(await tab.locator('.funnel .conv').nth(1).textContent()).toMatch(/% of previous phase$/)
  mkdirSync('test-results', { recursive: true })
  await tab.screenshot({ path: 'test-results/journey-map.png', fullPage: true })

  // The newest visitor is this one, shown by the user id the shop identified them with;
  // following the link shows their timeline, furthest phase advocacy.
  const newest = tab.locator('.recent li').first()
  const userId = mine.find((e) => e.userId)?.userId
  expect(userId).toBeTruthy()
  expect(await newest.getAttribute('data-visitor')).toBe(userId)
  expect(await newest.locator('.user').textContent()).toBe(userId)
  await Promise.all([tab.waitForURL('**visitor=**'), newest.locator('a').click()])
  expect(await tab.locator('[data-furthest]').getAttribute('data-furthest')).toBe('advocacy')
  for (const phase of PHASES) expect(await tab.locator(`.timeline li[data-phase="${phase}"]`).count(), phase).toBeGreaterThan(0)
  expect(await tab.locator('.timeline li[data-type="purchase"]').count()).toBe(1)
  expect(await tab.locator('.timeline li[data-type="referral"]').count()).toBe(1)
  expect(await tab.locator('.timeline li[data-type="purchase"] .props').textContent()).toMatch(/order value/)
  expect(await tab.locator('.timeline li[data-type="identify"]').count()).toBe(0)
  await tab.screenshot({ path: 'test-results/journey-map-visitor.png', fullPage: true })
  expect(errors).toEqual([])
  await tab.close()
})
