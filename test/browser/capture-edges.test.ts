/**
 * Captures at the edges of how real pages behave, in real Chromium: what the
 * browser does differs from what the captures assumed.
 */
import { expect, test } from 'vitest'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld } from './support/hardening-world'
import { flushIn, initWith } from './support/hardening-pages'

const w = useHardeningWorld()
const FAST = { flushInterval: 200, retry: { delay: 100, backoffLimit: 500 } }

test('a relative pushState URL resolves against the <base> (as the browser does): leaving the form page records form_abandon', async () => {
  const c = await w.collector()
  const site = await w.site()
  // An app served under /shop/ with <base href="/">: pushState('cart') goes to /cart, another page.
  const url = site.page('/shop/cart', html({ head: '<base href="/">', before: initWith({ ...FAST, endpoint: c.url }), body: '<form id="f"><input name="email"></form>' }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.click('[name=email]')
  await tab.keyboard.type('a')
  await tab.evaluate(() => history.pushState({}, '', 'cart'))
  expect(new URL(tab.url()).pathname).toBe('/cart')
  await flushIn(tab)
  const abandons = await waitFor(() => {
    const found = c.events().filter((e) => e.type == 'form_abandon')
    return found.length ? found : undefined
  }, 5_000, 'form_abandon').catch(() => [])
  expect(abandons.map((e) => [e.page.path, e.properties.pagePath])).toEqual([['/shop/cart', '/shop/cart']])
})

test("in an SPA, a script's focus on a new route's field long after the visitor's last click starts no form; the visitor's own click does", async () => {
  const c = await w.collector()
  const site = await w.site()
  // The visitor clicked once (the page has had an activation since), and 6 s later, past Chromium's 5 s of transient
  // activation, the app routes on its own (a redirect after a wait) and focuses the new form's first field.
  const later = `setTimeout(() => { history.pushState({}, '', '/signup'); r.innerHTML = '<form id=signup><input name=email></form>'; r.querySelector('input').focus(); setTimeout(() => history.pushState({}, '', '/next'), 200) }, 6000)`
  const url = site.page('/home', html({ before: initWith({ ...FAST, endpoint: c.url }), body: `<button id="go" onclick="${later}">Go</button><div id="r"></div><form id="other"><input name="q"></form>` }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.click('#go')
  await tab.waitForURL('**/next', { timeout: 10_000 })
  await tab.click('[name=q]') // the visitor's own focus still starts its form
  await flushIn(tab)
  await waitFor(() => c.events().some((e) => e.type == 'form_start' && e.properties.formId == 'other'), 5_000, "the visitor's form_start")
  expect(c.events().filter((e) => e.type.startsWith('form_')).map((e) => [e.type, e.properties.formId])).toEqual([['form_start', 'other']])
})
