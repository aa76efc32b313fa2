/**
 * Issue 12, "delivery under faults": a hung collector, an outage longer than
 * the retry limit, a "never" flush interval, configurations that cannot work,
 * and Retry-After across page hides. Real Chromium, real collectors.
 */
import { expect, test } from 'vitest'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld, type Collector } from './support/hardening-world'
import { flushIn, initWith, trackMany } from './support/hardening-pages'

const w = useHardeningWorld()
const ofType = (c: Collector, type: string) => c.events().filter((e) => e.type === type)
const journeytagErrors = (errors: string[]) => errors.filter((e) => e.includes('[journeytag]'))

test('flush() resolves within one timeout (timeout: 1000) while the collector hangs', async () => {
  const hung = await w.hungCollector()
  const site = await w.site()
  const url = site.page('/hung.html', html({ before: initWith({ endpoint: hung.url, autoPageviews: false, timeout: 1_000, flushInterval: 60_000 }) }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await trackMany(tab, 'during_hang', 1)
  const took = await tab.evaluate(async () => {
    const started = performance.now()
    await (window as unknown as { journeytag: { flush(): Promise<void> } }).journeytag.flush()
    return performance.now() - started
  })
  expect(hung.requests()).toBeGreaterThan(0)
  expect(took).toBeLessThan(1_000 + 1_000) // one timeout, plus slack for a loaded machine; without the timeout it never resolves
})

test('after an outage longer than the retry limit, an event tracked once the collector is back arrives within 3 s in the open tab', async () => {
  let down = true
  const c = await w.collector({ respond: () => ({ status: down ? 500 : 200 }) })
  const site = await w.site()
  const url = site.page('/outage.html', html({ before: initWith({ endpoint: c.url, autoPageviews: false, flushInterval: 300, retry: { limit: 1, delay: 100, backoffLimit: 200 } }) }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await trackMany(tab, 'during_outage', 2)
  await waitFor(() => c.attempts.length >= 2, 5_000, 'the first attempt and its one retry')
  await tab.waitForTimeout(800) // past the retries: the tab has given up on its timer
  down = false
  await trackMany(tab, 'after_outage', 1)
  const back = Date.now()
  await waitFor(() => ofType(c, 'after_outage').length && ofType(c, 'during_outage').length >= 2, 5_000, 'the events after the outage').catch(() => {})
  expect(ofType(c, 'after_outage')).toHaveLength(1)
  expect(ofType(c, 'during_outage')).toHaveLength(2)
  expect(c.received.at(-1)!.at - back).toBeLessThan(3_000)
})

test('data-flush-interval="9007199254740991" (never) does not busy-loop: a handful of requests and IndexedDB reads in 2 s', async () => {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/never.html', html({ tag: { 'data-endpoint': c.url, 'data-flush-interval': '9007199254740991' } }))
  const { tab } = await w.tab()
  // Counts every IndexedDB read the page makes (idb-keyval reads through these).
  await tab.addInitScript(() => {
    const counted = window as unknown as { idbReads: number }
    counted.idbReads = 0
    for (const method of ['get', 'getAll', 'getAllKeys', 'openCursor'] as const) {
      const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest
      ;(IDBObjectStore.prototype as unknown as Record<string, unknown>)[method] = function (this: IDBObjectStore, ...args: unknown[]) {
        counted.idbReads++
        return original.apply(this, args)
      }
    }
  })
  await tab.goto(url)
  await loaded(tab)
  const before = await tab.evaluate(() => (window as unknown as { idbReads: number }).idbReads)
  const requestsBefore = c.attempts.length
  await tab.waitForTimeout(2_000)
  const reads = (await tab.evaluate(() => (window as unknown as { idbReads: number }).idbReads)) - before
  expect(reads).toBeLessThan(20)
  expect(c.attempts.length - requestsBefore).toBeLessThan(5)
  // "Never" still means the first send after load, and flush() on demand.
  await trackMany(tab, 'on_demand', 1)
  await flushIn(tab)
  await waitFor(() => ofType(c, 'on_demand').length, 5_000, 'the flushed event')
})

test.each([
  ['data-headers=\'{"bad header":"x"}\'', { 'data-headers': '{"bad header":"x"}' }, /headers.*bad header/],
  ['data-endpoint=""', { 'data-endpoint': '' }, /endpoint/],
])('%s prints one console error naming the field', async (_, attributes, names) => {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/config.html', html({ tag: { 'data-endpoint': c.url, 'data-flush-interval': '200', ...attributes } }))
  const { tab, errors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await waitFor(() => journeytagErrors(errors).length, 5_000, 'a journeytag console error')
  await tab.waitForTimeout(300) // room for a second error
  expect(journeytagErrors(errors)).toHaveLength(1)
  expect(journeytagErrors(errors)[0]).toMatch(names)
})

test.each([429, 503])('a %i with Retry-After: 2: page hides (reloads) inside the window send nothing, and the events arrive after it', async (status) => {
  const c = await w.collector({ respond: (_, index) => (index === 0 ? { status, headers: { 'retry-after': '2' } } : { status: 200 }) })
  const site = await w.site()
  const url = site.page('/throttled.html', html({ before: initWith({ endpoint: c.url, autoPageviews: false, flushInterval: 200, retry: { delay: 100 } }) }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await trackMany(tab, 'throttled', 3)
  await waitFor(() => c.attempts.length, 5_000, 'the throttled attempt')
  const told = c.attempts[0]!.at
  for (let i = 0; i < 3; i++) {
    await trackMany(tab, `hidden_${i}`, 1)
    await tab.reload() // page hide with events queued, inside the window
    await loaded(tab)
  }
  const inside = c.attempts.filter((a) => a.at < told + 1_900)
  expect(inside).toHaveLength(1)
  await waitFor(() => ['throttled', 'hidden_0', 'hidden_1', 'hidden_2'].every((t) => ofType(c, t).length), 8_000, 'every event after the window')
  expect(c.attempts[1]!.at - told).toBeGreaterThanOrEqual(1_900)
})
