/**
 * The demo a newcomer runs (`npm run demo`), clicked through in real Chromium:
 * from a campaign link to a purchase and a referral, then the journey map shows
 * that visitor in all five phases.
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
    const recent = (await demo.store.events({ from: since, to: Date.now() + 60_000 }))
    const referral = recent.find((e) => e.type === 'referral')
    return referral && recent.filter((e) => e.anonymousId === referral.anonymousId)
  }, 20_000, 'the referral at the collector')
  const visitor = mine[0]!.anonymousId
  const seen = mine.map((e) => `${e.type}@${e.phase}`)
  expect(seen[0]).toBe('page_view@awareness')
  expect(mine[0]!.channel).toBe('paid_social')
  for (const touchpoint of ['page_view@consideration', 'add_to_cart@consideration', 'chat_open@consideration', 'form_start@conversion', 'purchase@conversion', 'page_view@retention', 'page_view@advocacy', 'referral@advocacy']) {
    expect(seen).toContain(touchpoint)
  }

  // The whole map: the seeded crowd plus this visitor, with friction flagged and the visitor newest.
  await tab.setViewportSize({ width: 1400, height: 1000 })
  await tab.goto(`${demo.mapUrl}?range=30d`)
  const visitors = Number((await tab.locator('[data-total="visitors"]').textContent())!.replace(/,/g, ''))
  expect(visitors).toBe(1501)
  expect(await tab.locator('.phase .flag').count()).toBeGreaterThan(0)
  expect(await tab.locator('svg.funnel .step').count()).toBe(5)
  mkdirSync('test-results', { recursive: true })
  await tab.screenshot({ path: 'test-results/journey-map.png', fullPage: true })

  // Following the newest visitor's link shows their journey: one visitor in every phase.
  expect(await tab.locator('.recent li:first-child code').textContent()).toBe(visitor)
  await Promise.all([tab.waitForURL(`**visitor=${visitor}`), tab.click('.recent li:first-child a')])
  for (const phase of PHASES) {
    const column = tab.locator(`article.phase[data-phase="${phase}"]`)
    expect(await column.getAttribute('data-reached'), phase).toBe('1')
    expect(await column.getAttribute('data-visitors'), phase).toBe('1')
  }
  expect(await tab.locator('article[data-phase="conversion"] li[data-type="purchase"] b').textContent()).toBe('1')
  expect(await tab.locator('article[data-phase="advocacy"] li[data-type="referral"] b').textContent()).toBe('1')
  expect(await tab.locator('[data-total="visitors"]').textContent()).toBe('1')
  await tab.screenshot({ path: 'test-results/journey-map-visitor.png', fullPage: true })
  expect(errors).toEqual([])
  await tab.close()
})
