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
