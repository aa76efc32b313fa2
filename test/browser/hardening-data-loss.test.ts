/**
 * Issue 12, "data lost": events tracked just before leaving a page while the
 * collector is down, a batch with one bad event, a bad identify(), damaged
 * stored values and an oversized purchase. Real Chromium, real collector; each
 * test compares what was tracked with what the collector received.
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { waitFor } from './support/servers'
import { deadPort, html, loaded } from './support/hardening-site'
import { useHardeningWorld, type Collector } from './support/hardening-world'
import { flushIn, initWith, trackMany } from './support/hardening-pages'

const w = useHardeningWorld()
/** Fast delivery and retries, so an outage ends within a second of the collector coming back. */
const FAST = { autoPageviews: false, flushInterval: 300, batchSize: 100, retry: { delay: 100, backoffLimit: 500 } }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const ofType = (c: Collector, type: string) => c.events().filter((e) => e.type === type)
/** Distinct events of `type` at the collector, by a key built from their properties (deliveries may repeat). */
const distinct = (c: Collector, type: string, key: (p: Record<string, unknown>) => string) => new Set(ofType(c, type).map((e) => key(e.properties)))

/** Runs `script` and lets the navigation it starts finish (the evaluate itself dies with the page). */
async function andNavigate(tab: Page, script: () => void) {
  await Promise.all([tab.waitForEvent('load'), tab.evaluate(script).catch(() => {})])
  await loaded(tab)
}

test('collector down: 2 × 500 events each followed at once by a reload all arrive once it is back', async () => {
  const port = await deadPort()
  const site = await w.site()
  const url = site.page('/burst.html', html({ before: initWith({ ...FAST, endpoint: `http://127.0.0.1:${port}/collect` }) }))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  for (const round of [0, 1]) {
    await tab.evaluate((r) => localStorage.setItem('round', String(r)), round)
    await andNavigate(tab, () => {
      const jt = (window as unknown as { journeytag: { track(t: string, p: object): void } }).journeytag
      for (let n = 0; n < 500; n++) jt.track('burst', { round: Number(localStorage.getItem('round')), n })
      location.reload()
    })
  }
  const c = await w.collector({ port })
  const key = (p: Record<string, unknown>) => `${p.round}:${p.n}`
  await waitFor(() => distinct(c, 'burst', key).size >= 1000, 20_000, '1000 distinct events')
  expect(distinct(c, 'burst', key).size).toBe(1000)
  expect(pageErrors).toEqual([])
})

test('collector down: a click handler tracks 3 events and the link navigates at once, 12 times: none lost once it is back', async () => {
  const port = await deadPort()
  const site = await w.site()
  const options = { ...FAST, endpoint: `http://127.0.0.1:${port}/collect` }
  // The handler reads its click number from sessionStorage, so every event is known by (click, j).
  const handler = `var c=+(sessionStorage.getItem('c')||0);sessionStorage.setItem('c',c+1);for(var j=0;j<3;j++)journeytag.track('nav_click',{click:c,j:j})`
  for (const [from, to] of [['a', 'b'], ['b', 'a']]) {
    site.page(`/${from}.html`, html({ before: initWith(options), body: `<a id="go" href="/${to}.html" onclick="${handler}">to ${to}</a>` }))
  }
  const { tab } = await w.tab()
  await tab.goto(`${site.url}/a.html`)
  await loaded(tab)
  for (let i = 0; i < 12; i++) {
    await tab.click('#go')
    await tab.waitForURL(`**/${i % 2 ? 'a' : 'b'}.html`)
    await loaded(tab)
  }
  const c = await w.collector({ port })
  const key = (p: Record<string, unknown>) => `${p.click}:${p.j}`
  await waitFor(() => distinct(c, 'nav_click', key).size >= 36, 20_000, '36 distinct click events')
  expect(distinct(c, 'nav_click', key).size).toBe(36)
})

test('a collector that answers 400 to any batch holding one invalid event still gets the other 19 of that batch', async () => {
  const c = await w.collector({ respond: ({ batch }) => ({ status: batch.events.some((e) => e.type === 'refused_marker') ? 400 : 200 }) })
  const site = await w.site()
  const url = site.page('/batch.html', html({ before: initWith({ ...FAST, batchSize: 20, endpoint: c.url }) }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.evaluate(() => {
    const jt = (window as unknown as { journeytag: { track(t: string, p: object): void } }).journeytag
    for (let n = 0; n < 20; n++) jt.track(n === 10 ? 'refused_marker' : 'good', { n })
  })
  await waitFor(() => c.attempts.some((a) => a.batch.events.length === 20), 10_000, 'the batch of 20')
  await waitFor(() => distinct(c, 'good', (p) => `${p.n}`).size >= 19, 10_000, '19 good events')
  expect([...distinct(c, 'good', (p) => `${p.n}`)].map(Number).sort((a, b) => a - b)).toEqual([...Array(20).keys()].filter((n) => n !== 10))
  expect(ofType(c, 'refused_marker')).toEqual([])
})

test('identify() with a 3000-character id or a number is refused with a console error; later events, across a reload, still arrive', async () => {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/identify.html', html({ before: initWith({ ...FAST, endpoint: c.url }) }))
  const { tab, errors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.evaluate(() => {
    const jt = (window as unknown as { journeytag: { identify(id: unknown): void; track(t: string): void } }).journeytag
    jt.identify('x'.repeat(3000))
    jt.identify(42)
    jt.track('after_bad_identify')
  })
  await waitFor(() => ofType(c, 'after_bad_identify').length, 10_000, 'the event after the bad identify() calls')
  expect(errors.filter((e) => e.includes('identify'))).toHaveLength(2)
  await tab.reload()
  await loaded(tab)
  await tab.evaluate(() => {
    const jt = (window as unknown as { journeytag: { identify(id: unknown): void; track(t: string): void } }).journeytag
    jt.track('after_reload')
    jt.identify('user-ok') // a good id afterwards still works
    jt.track('after_good_identify')
  })
  await waitFor(() => ofType(c, 'after_good_identify').length && ofType(c, 'after_reload').length, 10_000, 'the events after the reload')
  const good = ofType(c, 'after_good_identify')[0]
  const plain = [...ofType(c, 'after_bad_identify'), ...ofType(c, 'after_reload')]
  expect(plain.map((e) => e.userId)).toEqual([undefined, undefined])
  expect(good!.userId).toBe('user-ok')
})

/** Damage another script may leave on the origin, written on a page without journeytag before it loads. */
const DAMAGES: Array<[string, boolean, () => Promise<void> | void]> = [
  ['journeytag:anonymousId stored as a JSON number', false, () => localStorage.setItem('journeytag:anonymousId', '12345')],
  ['journeytag:visitor stored as {"reached":5}', false, () => localStorage.setItem('journeytag:visitor', '{"reached":5}')],
  [
    // The events cannot be stored where the SDK expects: with the collector down, a reload must not lose them.
    'a journeytag IndexedDB that has no events store',
    true,
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('journeytag', 1)
        open.onupgradeneeded = () => open.result.createObjectStore('something-else')
        open.onsuccess = () => (open.result.close(), resolve())
        open.onerror = () => reject(open.error)
      }),
  ],
]

test.each(DAMAGES)('%s: events tracked before and after a reload (collector down meanwhile: %s) all arrive', async (_, down, damage) => {
  const port = await deadPort()
  const c = down ? undefined : await w.collector({ port })
  const site = await w.site()
  site.page('/setup.html', '<!doctype html><title>setup</title>')
  const url = site.page('/damaged.html', html({ before: initWith({ ...FAST, endpoint: `http://127.0.0.1:${port}/collect` }) }))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(`${site.url}/setup.html`)
  await tab.evaluate(damage)
  await tab.goto(url)
  await loaded(tab)
  await trackMany(tab, 'before_reload', 3)
  await tab.reload()
  await loaded(tab)
  await trackMany(tab, 'after_reload', 3)
  const collector = c ?? (await w.collector({ port }))
  const all = () => [...distinct(collector, 'before_reload', (p) => `b${p.n}`), ...distinct(collector, 'after_reload', (p) => `a${p.n}`)]
  await waitFor(() => all().length >= 6, 10_000, 'the 6 events')
  expect(all().sort()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2'])
  // The test collector takes anything; the reference collector's schema refuses an anonymousId that is not a UUID.
  expect(collector.events().every((e) => UUID.test(e.anonymousId))).toBe(true)
  expect(pageErrors).toEqual([])
})

test('an oversized purchase() is dropped without remembering its order: the smaller data-layer copy is recorded, once', async () => {
  const c = await w.collector()
  const site = await w.site()
  const order = `O-${Date.now()}`
  const after = `
    journeytag.purchase({ orderId: '${order}', value: 10, currency: 'EUR', items: [{ id: 'mug', name: 'x'.repeat(40000) }] })
    setTimeout(function () {
      window.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: '${order}', value: 10, currency: 'EUR', items: [{ item_id: 'mug', item_name: 'Mug' }] } })
    }, 100)`
  const url = site.page('/thanks.html', html({ tag: { 'data-endpoint': c.url, 'data-flush-interval': '300' }, after }))
  const { tab, warnings } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  const purchases = () => ofType(c, 'purchase').filter((e) => e.properties.orderId === order)
  await waitFor(() => purchases().length, 10_000, 'the data-layer purchase')
  expect(warnings.some((m) => m.includes('bytes'))).toBe(true) // the oversized one was refused, and said so
  expect(purchases()[0]!.properties.items).toEqual([{ id: 'mug', name: 'Mug' }])
  // The same thank-you page again: now the order is known, and neither copy counts a second time.
  await tab.reload()
  await loaded(tab)
  await flushIn(tab)
  await waitFor(() => ofType(c, 'page_view').length >= 2, 10_000, 'the second page view')
  await tab.waitForTimeout(400) // the dataLayer push runs 100 ms after load
  await flushIn(tab)
  expect(purchases()).toHaveLength(1)
})

test('a data layer the page declares after journeytag loaded (`var dataLayer = [ … ]`, UA ecommerce) is recorded, and Tag Manager\'s `dataLayer || []` adds nothing', async () => {
  const c = await w.collector()
  const site = await w.site()
  const ua = `U-${Date.now()}`
  const ga4 = `G-${Date.now()}`
  // journeytag runs first (a synchronous tag); the shop's template declares its data layer afterwards, as Tag Manager's guide writes it.
  const after = `
    var dataLayer = [{ event: 'purchase', ecommerce: { currencyCode: 'EUR', purchase: { actionField: { id: '${ua}', revenue: '12.50' }, products: [{ id: 'mug', name: 'Mug', price: '12.50', quantity: 1 }] } } }];
    window.dataLayer = window.dataLayer || [];
    dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: '${ga4}', value: 3, currency: 'EUR' } });`
  const url = site.page('/late-layer.html', html({ tag: { 'data-endpoint': c.url, 'data-flush-interval': '300' }, after }))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await flushIn(tab)
  const purchases = () => ofType(c, 'purchase')
  await waitFor(() => purchases().length >= 2, 10_000, 'both purchases')
  await tab.waitForTimeout(300)
  await flushIn(tab)
  expect(purchases().map((e) => e.properties.orderId).sort()).toEqual([ga4, ua].sort())
  expect(purchases().find((e) => e.properties.orderId === ua)!.properties).toEqual({ orderId: ua, value: 12.5, currency: 'EUR', items: [{ id: 'mug', name: 'Mug', price: 12.5, quantity: 1 }] })
  expect(await tab.evaluate(() => Array.isArray((window as unknown as { dataLayer: unknown }).dataLayer))).toBe(true)
  expect(pageErrors).toEqual([])
})
