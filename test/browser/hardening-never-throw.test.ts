/**
 * Issue 12, "never throw into the page": after journeytag loaded, the host page
 * replaces JSON.stringify, Array.prototype.map and Promise.all with throwing
 * versions, and its console.error throws (a test setup that fails on console
 * output). Nothing journeytag does afterwards (calls, listeners, timers, its
 * own log calls, page hide) may throw into the page, and tracking goes on.
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld } from './support/hardening-world'

const w = useHardeningWorld()

/** Every uncaught error and unhandled rejection is written into #caught (the page's own built-ins are broken, so no JSON). */
const HOSTILE = `
  var caught = function (text) { document.getElementById('caught').textContent += text + '\\n' }
  addEventListener('error', function (e) { caught('error: ' + e.message) })
  addEventListener('unhandledrejection', function (e) { caught('rejection: ' + (e.reason && e.reason.message)) })
  function breakBuiltins(map) {
    JSON.stringify = function () { throw new Error('hostile JSON.stringify') }
    if (map) Array.prototype.map = function () { throw new Error('hostile Array.prototype.map') }
    Promise.all = function () { throw new Error('hostile Promise.all') }
    console.error = function () { throw new Error('hostile console.error') }
    document.getElementById('state').textContent = map ? 'all broken' : 'broken but map'
  }`

const BODY = `
  <pre id="caught"></pre><p id="state">intact</p>
  <button id="break-all" onclick="breakBuiltins(true)">break the built-ins</button>
  <button id="break-but-map" onclick="breakBuiltins(false)">break the built-ins but map</button>
  <button id="hide" onclick="Object.defineProperty(document, 'visibilityState', { configurable: true, get: function () { return 'hidden' } }); document.dispatchEvent(new Event('visibilitychange'))">hide</button>
  <button id="track" onclick="journeytag.track('after_break', { list: ['a', 'b'], nested: { n: 1 } })">track</button>
  <button id="misuse" onclick="journeytag('no_such_method'); journeytag.identify(42); journeytag.track('x'.repeat(200)); journeytag.consent('maybe')">misuse</button>
  <button id="flush" onclick="journeytag.flush()">flush</button>
  <button id="navigate" onclick="history.pushState({}, '', '/app/next'); setTimeout(function () { document.title = 'next page' }, 50)">navigate</button>
  <button data-journeytag="cta_clicked">cta</button>
  <form id="signup"><input name="email"><button type="submit">sign up</button></form>`

/** Opens the hostile page with its own collector, once journeytag has delivered the first page view. */
async function hostilePage() {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/app/start', html({ tag: { 'data-endpoint': c.url, 'data-flush-interval': '200' }, after: HOSTILE, body: BODY }))
  const watched = await w.tab()
  await watched.tab.goto(url)
  await loaded(watched.tab)
  await waitFor(() => c.events().some((e) => e.type === 'page_view'), 10_000, 'the first page view')
  const arrived = (type: string) => c.events().some((e) => e.type === type)
  return { c, ...watched, arrived }
}

/** Every entry point: public calls, misuse that makes journeytag log, capture listeners, SPA navigation, flush. */
async function useEverything(tab: Page) {
  await tab.click('#track')
  await tab.click('#misuse')
  await tab.click('[data-journeytag=cta_clicked]')
  await tab.click('[name=email]')
  await tab.keyboard.type('jane@example.com')
  await tab.click('#navigate')
  await tab.click('#flush')
}

test('with all four broken, nothing journeytag does (calls, listeners, timers, logging, page hide) throws into the page', async () => {
  const { tab, pageErrors } = await hostilePage()
  await tab.click('#break-all')
  expect(await tab.textContent('#state')).toBe('all broken')
  await useEverything(tab)
  await tab.click('#hide')
  await tab.waitForTimeout(1_200) // flush intervals, the SPA view's title wait, the chat widget lookups: timers, all with the built-ins broken
  expect(await tab.textContent('#caught')).toBe('')
  expect(pageErrors).toEqual([])
})

test('with JSON.stringify, Promise.all and console.error broken, calls, captures, SPA views and page hide still deliver', async () => {
  const { c, tab, pageErrors, arrived } = await hostilePage()
  await tab.click('#break-but-map')
  await useEverything(tab)
  const spaView = () => c.events().find((e) => e.type === 'page_view' && e.page.path === '/app/next')
  await waitFor(() => ['after_break', 'cta_clicked', 'form_start'].every(arrived) && spaView(), 10_000, 'the events tracked after the built-ins broke')
  expect(c.events().find((e) => e.type === 'after_break')!.properties).toEqual({ list: ['a', 'b'], nested: { n: 1 } })
  expect(spaView()!.page.title).toBe('next page')
  await tab.goto('about:blank') // page hide: the form is abandoned, and sent by keepalive
  await waitFor(() => arrived('form_abandon'), 10_000, 'form_abandon on page hide')
  expect(pageErrors).toEqual([])
})

test('with Array.prototype.map broken too, events tracked afterwards still arrive', async () => {
  const { tab, arrived } = await hostilePage()
  await tab.click('#break-all')
  await tab.click('#track')
  await tab.click('#flush')
  await waitFor(() => arrived('after_break'), 5_000, 'the event tracked after Array.prototype.map broke')
})
