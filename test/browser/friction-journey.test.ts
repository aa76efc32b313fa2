/**
 * Issue 11's "done when", end to end: the demo shop and the real collector (SQLite in a
 * temp dir, 127.0.0.1, free ports), a visitor in headless Chromium who waits for the
 * shop's slow product photo, rage-clicks the wishlist button that does nothing, follows
 * the broken gift-wrapping link to the shop's 404 page, fails the contact form's
 * validation twice before sending it, and opens the refer-a-friend page. The collector's
 * JSON API must show this visitor's friction on their timeline and on the map, each in the
 * phase the demo's rules give its page; the shop's onPhase callback shows its banner.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { waitFor } from './support/servers'
import { startDemo } from '../../examples/serve-demo.mjs'

const TYPED = { email: 'ada-typed@', message: 'typed-message-do-not-send' }

let browser: BrowserContext
let demo: Awaited<ReturnType<typeof startDemo>>
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'journeytag-friction-journey-'))
  // No seed: the map holds this visitor alone, so its figures are this visitor's.
  demo = await startDemo({ sitePort: 0, collectorPort: 0, dbPath: join(dataDir, 'journeytag.db'), seed: false })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const loaded = (tab: Page) => tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
async function go(tab: Page, selector: string, path: string) {
  await Promise.all([tab.waitForURL(`**${path}`), tab.click(selector)])
  await loaded(tab)
}
/** GET on the collector's JSON API; headless Chromium is a bot to the collector, so bots are included. */
const api = async (query: string) => (await fetch(`${demo.collectorUrl}/api/journey?range=1h&includeBots=1&${query}`)).json()

type Touchpoint = { type: string; phase: string; path: string; properties: Record<string, unknown> }

test('a visitor who rage-clicks a broken button, fails a form twice and lands on a 404 appears on the map with those friction points in their phases; onPhase fires in the shop', async () => {
  const tab = await browser.newPage()
  await tab.goto(`${demo.siteUrl}/product.html`)
  await loaded(tab)
  // The visitor waits for the photo (held 4.5 s by the demo server): LCP is only final at the first input.
  await tab.waitForFunction(() => (document.getElementById('photo') as HTMLImageElement).naturalWidth > 0, null, { timeout: 10_000 })
  const wishlist = (await tab.locator('#wishlist').boundingBox())!
  for (let i = 0; i < 4; i++) await tab.mouse.click(wishlist.x + 20 + i * 2, wishlist.y + 10)
  await tab.waitForTimeout(1200) // the rage burst is sent 1 s after its last click

  await go(tab, 'a[href="gift-wrap.html"]', '/gift-wrap.html')
  expect(await tab.title()).toBe('Page not found — Acme Mugs')

  await go(tab, 'nav a[href="/contact.html"]', '/contact.html')
  await tab.click('#contact button') // both fields are required and empty: the browser blocks the submit
  await tab.fill('[name=message]', TYPED.message)
  await tab.fill('[name=email]', TYPED.email) // not an email address yet: blocked again
  await tab.click('#contact button')
  await tab.fill('[name=email]', 'ada@example.com')
  await tab.click('#contact button')
  await tab.waitForSelector('#contact-done', { state: 'visible' })

  // The shop's onPhase callback: the refer-a-friend page is advocacy, and the shop answers with its review prompt.
  await go(tab, 'nav a[href="account.html"]', '/account.html')
  await go(tab, '#refer-link', '/refer.html')
  await tab.waitForSelector('#review-prompt', { state: 'visible', timeout: 10_000 })
  await tab.evaluate(() => (window as unknown as { journeytag: { flush(): Promise<void> } }).journeytag.flush())

  // The map: this visitor is the newest, and their timeline holds each friction point in its page's phase.
  const map = await waitFor(async () => {
    const figures = await api('')
    const types = figures.phases?.flatMap((p: { touchpoints: { type: string }[] }) => p.touchpoints.map((t) => t.type)) ?? []
    return ['rage_click', 'form_error', 'error_page', 'slow_page'].every((type) => types.includes(type)) && figures
  }, 15_000, 'the friction on the map')
  expect(map.latest).toHaveLength(1)
  const { visitor } = await api(`visitor=${encodeURIComponent(map.latest[0].visitor)}`)
  // An interaction over 500 ms would be a slow_page too (INP): possible on a loaded test machine, and not what this test is about.
  const timeline = (visitor.touchpoints as Touchpoint[]).filter(
    (t) => ['rage_click', 'form_error', 'error_page', 'slow_page'].includes(t.type) && t.properties.metric != 'inp',
  )
  expect(timeline.map((t) => [t.type, t.phase, t.path, t.properties])).toEqual([
    ['slow_page', 'consideration', '/product.html', { metric: 'lcp', value: expect.any(Number) }],
    ['rage_click', 'consideration', '/product.html', { element: 'button#wishlist.button.secondary', clicks: 4 }],
    ['error_page', 'awareness', '/gift-wrap.html', { status: 404 }],
    ['form_error', 'consideration', '/contact.html', { formId: 'contact', invalidFields: ['email', 'message'], attempt: 1 }],
    ['form_error', 'consideration', '/contact.html', { formId: 'contact', invalidFields: ['email'], attempt: 2 }],
  ])
  expect(timeline[0]!.properties.value).toBeGreaterThan(4000)

  // The same points in the map's figures: each kind in its phase, one visitor affected.
  const inPhase = (name: string) => map.phases.find((p: { name: string }) => p.name == name).touchpoints as { type: string; count: number; visitors: number }[]
  expect(inPhase('consideration')).toEqual(
    expect.arrayContaining([
      { type: 'rage_click', count: 1, visitors: 1 },
      { type: 'form_error', count: 2, visitors: 1 },
      expect.objectContaining({ type: 'slow_page', visitors: 1 }),
    ]),
  )
  expect(inPhase('awareness')).toContainEqual({ type: 'error_page', count: 1, visitors: 1 })

  // And on the map page: the friction-by-phase card has a row per kind and phase.
  await tab.goto(`${demo.mapUrl}?range=1h&includeBots=1`)
  for (const [phase, kind] of [['consideration', 'rage_click'], ['consideration', 'form_error'], ['consideration', 'slow_page'], ['awareness', 'error_page']]) {
    expect(await tab.locator(`.friction-kinds tr[data-phase="${phase}"][data-kind="${kind}"]`).count(), `${kind} in ${phase}`).toBe(1)
  }

  // What the visitor typed never reached the collector.
  const stored = JSON.stringify(visitor.touchpoints)
  for (const typed of Object.values(TYPED)) expect(stored).not.toContain(typed)
  await tab.close()
})
