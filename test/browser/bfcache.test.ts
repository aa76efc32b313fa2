/**
 * The back/forward cache, on as in a visitor's browser: journeytag must not keep
 * a page out of it (Back would then reload the page instead of showing it at
 * once), and a page shown again from it is a page view. Chromium evicts a cached
 * page whose Web Lock another page asks for, so a page hide must not leave the
 * flush lock held by a send still in flight to a slow collector.
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld, type Collector, type Site } from './support/hardening-world'
import { initWith, trackMany } from './support/hardening-pages'

const w = useHardeningWorld({ bfcache: true })
const FAST = { flushInterval: 200, retry: { delay: 100, backoffLimit: 500 } }

/** Two cacheable pages, /a.html linking to /b.html, both tracked. */
function twoPages(site: Site, c: Collector) {
  const page = (name: string) =>
    site.page(`/${name}.html`, html({ title: name, before: initWith({ ...FAST, endpoint: c.url }), body: '<a id="next" href="/b.html">next</a>' }), { cacheable: true })
  page('b')
  return page('a')
}

/** Back from /b.html: whether /a.html came from the cache, and Chromium's reasons if it did not. */
async function back(tab: Page) {
  await tab.evaluate(() => addEventListener('pageshow', (e) => ((window as unknown as { shown: boolean }).shown = e.persisted)))
  await tab.click('#next')
  await tab.waitForURL(/b\.html/)
  await loaded(tab)
  await tab.waitForTimeout(500) // the second page's first flush asks for the lock
  await tab.goBack({ waitUntil: 'commit' })
  await tab.waitForFunction(() => location.pathname == '/a.html' && document.readyState == 'complete')
  await tab.waitForTimeout(300)
  return tab.evaluate(() => ({
    restored: (window as unknown as { shown?: boolean }).shown === true,
    reasons: JSON.stringify((performance.getEntriesByType('navigation')[0] as { notRestoredReasons?: unknown }).notRestoredReasons ?? null),
  }))
}

const views = (c: Collector) => c.events().filter((e) => e.type === 'page_view').map((e) => e.page.path)

test('Back to a tracked page restores it from the back/forward cache, and the restore is a page view', async () => {
  const c = await w.collector()
  const site = await w.site()
  const { tab, pageErrors } = await w.tab()
  await tab.goto(twoPages(site, c))
  await loaded(tab)
  await waitFor(() => views(c).length >= 1, 10_000, 'the first page view')
  expect(await back(tab)).toEqual({ restored: true, reasons: 'null' })
  await waitFor(() => views(c).length >= 3, 10_000, 'the restored page view')
  expect(views(c)).toEqual(['/a.html', '/b.html', '/a.html'])
  expect(pageErrors).toEqual([])
})

test('leaving while a batch is still on its way to a slow collector: the page still goes into the cache, and every event arrives', async () => {
  // Every answer takes 3 s: the first page's batch is in flight, holding the flush lock, when the visitor leaves.
  const c = await w.collector({ respond: () => ({ status: 200, delayMs: 3_000 }) })
  const site = await w.site()
  const { tab, pageErrors } = await w.tab()
  await tab.goto(twoPages(site, c))
  await loaded(tab)
  await trackMany(tab, 'probe', 5)
  await waitFor(() => c.attempts.some((a) => a.batch.events.some((e) => e.type === 'probe')), 10_000, 'a batch in flight')
  expect(await back(tab)).toEqual({ restored: true, reasons: 'null' })
  const probes = () => new Set(c.events().filter((e) => e.type === 'probe').map((e) => e.properties.n)).size
  await waitFor(() => probes() == 5 && views(c).length >= 3, 20_000, 'every event')
  expect(pageErrors).toEqual([])
})

test('leaving while a batch is on its way: its events go in one page-hide send, not again at the visibilitychange that follows pagehide', async () => {
  // Every answer takes 3 s; the next page has no journeytag, so every batch below is the first page's.
  const c = await w.collector({ respond: () => ({ status: 200, delayMs: 3_000 }) })
  const site = await w.site()
  site.page('/plain.html', '<!doctype html><title>plain</title><p>no journeytag here</p>')
  const first = site.page('/a.html', html({ title: 'a', before: initWith({ ...FAST, endpoint: c.url }), body: '<a id="next" href="/plain.html">next</a>' }), { cacheable: true })
  const { tab, pageErrors } = await w.tab()
  await tab.goto(first)
  await loaded(tab)
  await trackMany(tab, 'probe', 5)
  const withProbes = () => c.attempts.filter((a) => a.batch.events.some((e) => e.type === 'probe')).length
  await waitFor(() => withProbes() == 1, 10_000, 'a batch in flight')
  await tab.click('#next')
  await tab.waitForURL(/plain\.html/)
  await waitFor(() => withProbes() >= 2, 10_000, 'the page-hide send')
  await tab.waitForTimeout(1_000)
  expect(withProbes()).toBe(2) // the send in flight (ended), and one page-hide send
  expect(pageErrors).toEqual([])
})

test('engaged time after Back: the restored page view counts its own time from the restore, not the time spent on the next page', async () => {
  const c = await w.collector()
  const site = await w.site()
  const page = (name: string) =>
    site.page(`/${name}.html`, html({ title: name, tag: { 'data-engaged-time': '' }, before: initWith({ ...FAST, endpoint: c.url }), body: '<a id="next" href="/b.html">next</a>' }), { cacheable: true })
  page('b')
  const { tab, pageErrors } = await w.tab()
  await tab.goto(page('a'))
  await loaded(tab)
  await tab.evaluate(() => addEventListener('pageshow', (e) => ((window as unknown as { shown: boolean }).shown = e.persisted)))
  await tab.waitForTimeout(300)
  await tab.click('#next')
  await tab.waitForURL(/b\.html/)
  await loaded(tab)
  await tab.waitForTimeout(2_000) // on /b.html: none of this is /a.html's
  await tab.goBack({ waitUntil: 'commit' })
  await tab.waitForFunction(() => location.pathname == '/a.html' && document.readyState == 'complete')
  await tab.waitForTimeout(300)
  expect(await tab.evaluate(() => (window as unknown as { shown?: boolean }).shown)).toBe(true) // from the cache
  await tab.click('#next') // leaves the restored page: its engaged time is sent
  await tab.waitForURL(/b\.html/)
  await loaded(tab)
  await waitFor(() => views(c).length >= 4, 10_000, 'the second view of /b.html')
  await tab.waitForTimeout(500)
  // Each event once (a page-hide send may deliver one again), in the order it happened.
  const events = [...new Map(c.events().map((e) => [e.id, e])).values()].sort((x, y) => Date.parse(x.timestamp) - Date.parse(y.timestamp))
  const restoredAt = Date.parse(events.filter((e) => e.type === 'page_view' && e.page.path === '/a.html')[1]!.timestamp)
  const engaged = events.filter((e) => e.type === 'engaged_time' && e.page.path === '/a.html')
  const ms = (list: typeof engaged) => list.reduce((sum, e) => sum + (e.properties.engagedMs as number), 0)
  const before = engaged.filter((e) => Date.parse(e.timestamp) < restoredAt)
  const after = engaged.filter((e) => Date.parse(e.timestamp) >= restoredAt)
  expect(ms(before)).toBeGreaterThan(100) // the first view: about 300 ms
  expect(ms(before)).toBeLessThan(1_500)
  expect(ms(after)).toBeGreaterThan(100) // the restored view: about 300 ms, counted from the restore
  expect(ms(after)).toBeLessThan(1_500) // not the 2 s on /b.html
  // One engaged_time per leave: not a second, near-empty one from the visibilitychange that follows pagehide.
  expect([before.length, after.length]).toEqual([1, 1])
  expect(ms(events.filter((e) => e.type === 'engaged_time' && e.page.path === '/b.html'))).toBeGreaterThan(1_500) // counted for /b.html
  expect(pageErrors).toEqual([])
})
