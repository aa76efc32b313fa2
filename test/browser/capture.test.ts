import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { waitFor } from './support/servers'
import { useTrackedSite } from './support/tracked-site'

const world = useTrackedSite()

/** Opens a page and waits until journeytag has started. */
async function open(path: string): Promise<Page> {
  const tab = await world.browser.newPage()
  await tab.goto(`${world.site.url}${path}`)
  await tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
  return tab
}
const flush = (tab: Page) => tab.evaluate(() => (window as unknown as { journeytag: { flush(): Promise<void> } }).journeytag.flush())
const since = () => new Date(Date.now() - 1).toISOString()
const eventsSince = (from: string, type?: string) => world.collector.events().filter((e) => e.timestamp >= from && (!type || e.type === type))
/** The form touchpoints since `from`, each once: a page-hide event may arrive again from the next page (same id; the collector keeps one). */
const formTypesOnce = (from: string) => [...new Map(eventsSince(from).map((e) => [e.id, e])).values()].filter((e) => e.type.startsWith('form_')).map((e) => e.type)
/** Opens the capture page and starts its trial form by typing into it. */
async function startTrialForm(): Promise<Page> {
  const tab = await open('/examples/capture/index.html')
  await tab.click('[name=email]')
  await tab.keyboard.type('jane@example.com')
  return tab
}

test('an SPA: first load, pushState navigations and the back button give exactly one view per route, each with the previous route as referrer', async () => {
  const from = since()
  const tab = await open('/examples/spa/')
  await tab.click('a[href="/examples/spa/pricing"]')
  await tab.click('#sort') // replaceState ?sort=price: a filter, not a view
  await tab.click('a[href="/examples/spa/pricing"]') // the route already shown: no view
  await tab.click('a[href="/examples/spa/signup"]')
  await tab.goBack()
  await tab.waitForURL('**/examples/spa/pricing?sort=price')
  await tab.waitForTimeout(50)
  await flush(tab)
  const views = await waitFor(() => {
    const found = eventsSince(from, 'page_view')
    return found.length >= 4 ? found : undefined
  }, 15_000, 'four page views')
  await tab.waitForTimeout(700) // a fifth view would have arrived by now
  const base = `${world.site.url}/examples/spa/`
  expect(eventsSince(from, 'page_view').map((e) => [e.page.url, e.page.referrer, e.page.title])).toEqual([
    [base, '', 'Mugshop — home'],
    [`${base}pricing`, base, 'Mugshop — pricing'],
    [`${base}signup`, `${base}pricing`, 'Mugshop — sign up'], // the referrer is the previous page view's URL
    [`${base}pricing?sort=price`, `${base}signup`, 'Mugshop — pricing'],
  ])
  expect(new Set(views.map((e) => e.sessionId)).size).toBe(1)
  await tab.close()
})

test('a form typed into and left is form_start then form_abandon, and the typed secret is in no request body', async () => {
  const SECRET = `s3cret-${Date.now()}`
  const from = since()
  const before = world.collector.attempts.length
  const tab = await open('/examples/capture/index.html')
  await tab.click('[name=email]')
  await tab.keyboard.type('jane@example.com')
  await tab.fill('[name=password]', SECRET)
  await tab.fill('[name=card]', SECRET) // an ignored form
  await flush(tab)
  await waitFor(() => eventsSince(from, 'form_start').length, 15_000, 'form_start')
  await tab.goto(`${world.site.url}/examples/spa/`) // leaving the page
  const events = await waitFor(() => {
    const found = eventsSince(from).filter((e) => e.type.startsWith('form_'))
    return found.length >= 2 ? found : undefined
  }, 15_000, 'form_start and form_abandon')
  expect(events.map((e) => [e.type, e.page.path, e.properties])).toEqual([
    ['form_start', '/examples/capture/index.html', { formId: 'trial', fields: 3 }],
    ['form_abandon', '/examples/capture/index.html', { formId: 'trial', fields: 3, lastField: 'password', pagePath: '/examples/capture/index.html' }],
  ])
  const bodies = world.collector.attempts.slice(before).map((r) => JSON.stringify(r.batch))
  expect(bodies.join('\n')).not.toContain(SECRET)
  expect(bodies.join('\n')).not.toContain('jane@example.com')
  await tab.close()
})

test('a form sent by a script (form.submit(), as jQuery .submit() does: no submit event) is form_submit, not form_abandon', async () => {
  const from = since()
  const tab = await startTrialForm()
  await tab.evaluate(() => setTimeout(() => document.querySelector<HTMLFormElement>('#trial')!.submit()))
  await tab.waitForURL('**/api/trial**')
  const events = await waitFor(() => {
    const found = eventsSince(from).filter((e) => e.type.startsWith('form_'))
    return found.length >= 2 ? found : undefined
  }, 15_000, 'form_start and form_submit')
  await tab.waitForTimeout(700) // an abandon would have arrived by now
  expect(formTypesOnce(from)).toEqual(['form_start', 'form_submit'])
  expect(events[1]!.properties).toEqual({ formId: 'trial', fields: 3 })
  await tab.close()
})

test('a script that only reads a started form (new FormData(form): a live filter) is no submit: leaving later is form_abandon', async () => {
  const from = since()
  const tab = await startTrialForm()
  await tab.evaluate(() => void new FormData(document.querySelector<HTMLFormElement>('#trial')!))
  await tab.waitForTimeout(1_500) // the visitor looks at the filtered results, then leaves
  await tab.goto(`${world.site.url}/examples/spa/`)
  await waitFor(() => eventsSince(from).filter((e) => e.type.startsWith('form_')).length >= 2 || undefined, 15_000, 'form_start and form_abandon')
  await tab.waitForTimeout(700) // a form_submit would have arrived by now
  expect(formTypesOnce(from)).toEqual(['form_start', 'form_abandon'])
  await tab.close()
})

test('a form on a page that becomes hidden is abandoned once; coming back and submitting is still recorded', async () => {
  const from = since()
  const tab = await open('/examples/capture/index.html')
  await tab.click('[name=email]')
  await tab.keyboard.type('jane@example.com')
  // What a phone does when the visitor switches apps: the page becomes hidden, and may never see a pagehide.
  const setVisibility = (state: string) =>
    tab.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s })
      document.dispatchEvent(new Event('visibilitychange'))
    }, state)
  await setVisibility('hidden')
  await setVisibility('visible')
  await setVisibility('hidden')
  await setVisibility('visible')
  await tab.click('#trial [type=submit]')
  await flush(tab)
  const events = await waitFor(() => {
    const found = eventsSince(from).filter((e) => e.type.startsWith('form_'))
    return found.length >= 3 ? found : undefined
  }, 15_000, 'form_start, form_abandon and form_submit')
  await tab.waitForTimeout(700) // a second abandon would have arrived by now
  expect(eventsSince(from).filter((e) => e.type.startsWith('form_')).map((e) => e.type)).toEqual(['form_start', 'form_abandon', 'form_submit'])
  expect(events[1]!.properties).toMatchObject({ formId: 'trial', lastField: 'email' })
  await tab.close()
})

test('a click on a chat launcher is a chat_open; a data-journeytag button is its own touchpoint', async () => {
  const from = since()
  const tab = await open('/examples/capture/index.html')
  await tab.click('.chat-launcher')
  await tab.click('[data-journeytag="demo_requested"]')
  await flush(tab)
  const [chat, demo] = await waitFor(() => {
    const found = eventsSince(from).filter((e) => e.type === 'chat_open' || e.type === 'demo_requested')
    return found.length >= 2 ? found : undefined
  }, 15_000, 'chat_open and demo_requested')
  expect(chat).toMatchObject({ type: 'chat_open', phase: 'consideration' })
  expect(demo).toMatchObject({ type: 'demo_requested', properties: { plan: 'team' } })
  await tab.close()
})

test('a thank-you page loaded and reloaded twice records one purchase', async () => {
  const order = `R-${Date.now()}`
  const tab = await open(`/examples/capture/thank-you.html?order=${order}`)
  await flush(tab)
  for (let i = 0; i < 2; i++) {
    await tab.reload()
    await tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
    await flush(tab)
  }
  await waitFor(() => world.collector.events().some((e) => e.type === 'purchase' && e.properties.orderId === order), 15_000, 'the purchase')
  const views = await waitFor(() => {
    const found = world.collector.events().filter((e) => e.type === 'page_view' && e.page.url.endsWith(order))
    return found.length >= 3 ? found : undefined
  }, 15_000, 'three page views of the thank-you page')
  expect(views).toHaveLength(3)
  const purchases = world.collector.events().filter((e) => e.type === 'purchase' && e.properties.orderId === order)
  expect(purchases).toHaveLength(1)
  expect(purchases[0]).toMatchObject({ phase: 'conversion', properties: { value: 49.9, currency: 'EUR' } })
  await tab.close()
})

test('a GA4 dataLayer purchase pushed before journeytag loaded is recorded with no journeytag code', async () => {
  const order = `T-${Date.now()}`
  const tab = await open(`/examples/capture/datalayer-thank-you.html?order=${order}`)
  await flush(tab)
  const purchase = await waitFor(() => world.collector.events().find((e) => e.type === 'purchase' && e.properties.orderId === order), 15_000, 'the dataLayer purchase')
  expect(purchase).toMatchObject({
    phase: 'conversion',
    properties: { value: 72.5, currency: 'EUR', items: [{ id: 'mug-2', name: 'Big mug', price: 36.25, quantity: 2 }] },
  })
  await tab.close()
})
