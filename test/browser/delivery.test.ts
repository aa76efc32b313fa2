/**
 * Durable delivery in real Chromium against a real collector with faults: an
 * outage, a reload, offline, a closed tab, two tabs, and 500/429 answers. Each
 * test compares the exact set of event ids tracked with the set received.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { startCollector, startStaticServer, waitFor } from './support/servers'

type Collector = Awaited<ReturnType<typeof startCollector>>
let browser: BrowserContext
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  browser = await launchBrowser()
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
afterAll(async () => {
  await browser?.close()
})

/** A lab page on a site of its own (a fresh origin: its own IndexedDB and localStorage). */
async function lab(collectorUrl: string, settings: Record<string, string | number> = {}) {
  const site = await startStaticServer()
  cleanups.push(() => site.close())
  const query = new URLSearchParams({ collector: collectorUrl, ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])) })
  const url = `${site.url}/examples/delivery-lab/index.html?${query}`
  const open = async () => {
    const tab = await browser.newPage()
    cleanups.push(() => tab.close().catch(() => {}))
    await tab.goto(url)
    await tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
    return tab
  }
  return { url, open }
}

const burst = (tab: Page, name: string, count: number) => tab.evaluate(([n, c]) => (window as never as { burst(n: string, c: number): void }).burst(n, c), [name, count] as const)
const trackedIn = (tab: Page) => tab.evaluate(() => JSON.parse(localStorage.getItem('lab:tracked') ?? '[]') as string[])
const trackedHere = (tab: Page) => tab.evaluate(() => (window as never as { trackedHere?: string[] }).trackedHere ?? [])
const receivedIds = (collector: Collector) => new Set(collector.events().map((e) => e.id))
const sorted = (ids: Iterable<string>) => [...ids].sort()

async function collector(options: Parameters<typeof startCollector>[0] = {}) {
  const c = await startCollector(options)
  cleanups.push(() => c.close())
  return c
}

async function allDelivered(c: Collector, ids: string[], timeoutMs = 15_000) {
  await waitFor(() => ids.every((id) => receivedIds(c).has(id)), timeoutMs, `${ids.length} events at the collector`)
  expect(sorted(receivedIds(c))).toEqual(sorted(ids))
}

test('collector down (connection refused) for a while, then up: every event arrives, exactly once after de-duplication', async () => {
  const probe = await startCollector()
  const port = probe.port
  await probe.close() // nothing listens on the port: connection refused
  const page = await (await lab(`http://127.0.0.1:${port}/collect`, { flushInterval: 300, batchSize: 5 })).open()
  await burst(page, 'during_outage', 12)
  await page.waitForTimeout(1_500) // several refused attempts
  const ids = await trackedIn(page)
  expect(ids).toHaveLength(12)
  const back = await collector({ port })
  await allDelivered(back, ids)
})

test('events queued when the page is reloaded are delivered after the reload', async () => {
  const c = await collector({ respond: () => ({ status: 503 }) })
  const site = await lab(c.url, { flushInterval: 300 })
  const page = await site.open()
  await burst(page, 'before_reload', 6)
  await waitFor(() => c.attempts.length > 0, 5_000, 'a refused attempt')
  const ids = await trackedIn(page)
  await page.reload() // page hide sends by keepalive too, and gets 503: the events stay queued
  await page.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
  expect(c.events()).toEqual([])
  c.setResponder(() => ({ status: 200 }))
  await allDelivered(c, ids)
})

test('tracked while offline: delivered once the browser is back online', async () => {
  const c = await collector()
  const page = await (await lab(c.url, { flushInterval: 300, retryDelay: 5_000, backoffLimit: 30_000 })).open()
  await browser.setOffline(true)
  try {
    await burst(page, 'offline', 8)
    await page.waitForTimeout(800)
    expect(c.attempts).toEqual([])
  } finally {
    await browser.setOffline(false) // fires `online`: sent at once, not after the long backoff
  }
  await allDelivered(c, await trackedIn(page), 4_000)
})

test('tracked and then the tab is closed: delivered by keepalive on close, or on the next visit', async () => {
  const c = await collector()
  const site = await lab(c.url, { flushInterval: 60_000 })
  const page = await site.open()
  await burst(page, 'before_close', 5)
  const ids = await trackedIn(page)
  await page.close({ runBeforeUnload: true })
  await new Promise((r) => setTimeout(r, 500))
  if (receivedIds(c).size < ids.length) await site.open() // the next visit delivers what was left
  await allDelivered(c, ids)
})

test('two tabs tracking at once: every event arrives and none twice', async () => {
  const c = await collector()
  const site = await lab(c.url, { flushInterval: 200, batchSize: 5 })
  const [a, b] = [await site.open(), await site.open()]
  await Promise.all([burst(a, 'tab_a', 15), burst(b, 'tab_b', 15), burst(a, 'tab_a', 5), burst(b, 'tab_b', 5)])
  const ids = [...(await trackedHere(a)), ...(await trackedHere(b))]
  expect(new Set(ids).size).toBe(40)
  await allDelivered(c, ids)
  await new Promise((r) => setTimeout(r, 800)) // room for a late duplicate to show up
  expect(c.events()).toHaveLength(40)
})

test('a 500 and then a 429 with Retry-After: the SDK waits as told, then delivers', async () => {
  const answers = [{ status: 500 }, { status: 429, headers: { 'retry-after': '2' } }]
  const c = await collector({ respond: (_, index) => answers[index] ?? { status: 200 } })
  const page = await (await lab(c.url, { flushInterval: 100, retryDelay: 50 })).open()
  await burst(page, 'throttled', 4)
  const ids = await trackedIn(page)
  await allDelivered(c, ids)
  expect(c.attempts.length).toBe(3)
  expect(c.attempts[2]!.at - c.attempts[1]!.at).toBeGreaterThanOrEqual(1_950)
  expect(c.attempts[1]!.at - c.attempts[0]!.at).toBeLessThan(1_000) // the 500 was retried on the short backoff
})

test('compress, a write-key header and the Segment format reach the collector as configured', async () => {
  const c = await collector()
  const page = await (await lab(c.url, { flushInterval: 200, compress: 1, format: 'segment', writeKey: 'k_123' })).open()
  await burst(page, 'segment_event', 3)
  const ids = await trackedIn(page)
  const request = await waitFor(() => c.attempts[0], 5_000, 'a batch')
  expect(request.headers['content-encoding']).toBe('gzip')
  expect(request.headers['x-write-key']).toBe('k_123')
  const body = request.batch as unknown as { batch: Array<{ type: string; event: string; messageId: string }>; sentAt: string }
  expect(body.batch.map((m) => [m.type, m.event])).toEqual(ids.map(() => ['track', 'segment_event']))
  expect(body.batch.map((m) => m.messageId)).toEqual(ids)
})
