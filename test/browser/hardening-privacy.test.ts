/**
 * Issue 12, "privacy": an opt-out holds when localStorage throws, reset()
 * forgets the user, and what a visitor typed into a GET form does not leave
 * the page in the next page view's URL. Real Chromium, real collector.
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { waitFor } from './support/servers'
import { html, loaded, QUEUE_SNIPPET } from './support/hardening-site'
import { useHardeningWorld, type Collector } from './support/hardening-world'
import { flushIn, initWith } from './support/hardening-pages'

const w = useHardeningWorld()
const FAST = { autoPageviews: false, flushInterval: 200, retry: { delay: 100, backoffLimit: 500 } }
const ofType = (c: Collector, type: string) => c.events().filter((e) => e.type === type)
type Jt = { track(t: string): void; identify(id: string): void; reset(): void; consent(granted: boolean): void }

test('localStorage throws SecurityError on every access: consent(false) still stops tracking and removes the identity cookies', async () => {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/sandboxed.html', html({ before: initWith({ ...FAST, endpoint: c.url, identityStorage: 'cookie' }) }))
  const { tab, errors, pageErrors } = await w.tab()
  // What a sandboxed frame or blocked storage does: the getter throws, and so does every Storage method.
  await tab.addInitScript(() => {
    const insecure = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    }
    Object.defineProperty(window, 'localStorage', { configurable: true, get: insecure })
    for (const method of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) Storage.prototype[method] = insecure
  })
  await tab.goto(url)
  await loaded(tab)
  await tab.evaluate(() => (window as unknown as { journeytag: Jt }).journeytag.track('before_opt_out'))
  await waitFor(() => ofType(c, 'before_opt_out').length, 10_000, 'the event before the opt-out')
  const names = async () => (await w.browser.cookies(site.url)).map((cookie) => cookie.name).filter((name) => name.startsWith('journeytag'))
  expect(await names()).toContain('journeytag_anonymousId')
  await tab.evaluate(() => {
    const jt = (window as unknown as { journeytag: Jt }).journeytag
    jt.consent(false)
    jt.track('after_opt_out')
  })
  await tab.evaluate(() => (window as unknown as { journeytag: Jt }).journeytag.track('later_task'))
  await flushIn(tab)
  await tab.waitForTimeout(500) // two flush intervals: an event let through would have been sent
  expect([...ofType(c, 'after_opt_out'), ...ofType(c, 'later_task')]).toEqual([])
  expect(await names()).toEqual([])
  expect(errors.filter((e) => /insecure/i.test(e))).toEqual([])
  expect(pageErrors).toEqual([])
})

const RULES = JSON.stringify({ rules: [{ name: 'signup', phase: 'conversion', when: { type: ['signup'] } }] })

test.each([
  ['the rules are loaded, each call in its own task', false, false],
  ['the rules are loaded, all four calls in one task', false, true],
  ['a rules file is still loading, all four calls in one task', true, true],
])('identify → track → reset → track, while %s: the last event has no userId and a new anonymous id', async (_, slowRules, oneTask) => {
  const c = await w.collector()
  const site = await w.site()
  site.page('/rules.json', RULES, { type: 'application/json', delayMs: slowRules ? 600 : 0 })
  const url = site.page('/reset.html', html({ before: initWith({ ...FAST, endpoint: c.url, rules: slowRules ? '/rules.json' : JSON.parse(RULES) }) }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.evaluate(() => {
    const jt = (window as unknown as { journeytag: Jt }).journeytag
    ;(window as unknown as { step(s: string): void }).step = (s) => {
      if (s == 'identify') jt.identify('user-1')
      if (s == 'track') jt.track('while_identified')
      if (s == 'reset') jt.reset()
      if (s == 'after') jt.track('after_reset')
    }
  })
  const run = (step: string) => tab.evaluate((s) => (window as unknown as { step(s: string): void }).step(s), step)
  const steps = ['identify', 'track', 'reset', 'after']
  // In separate tasks, as a login, a click and a logout are; or in one (a logout handler that tracks before and after).
  if (oneTask) await tab.evaluate((all) => all.forEach((s) => (window as unknown as { step(s: string): void }).step(s)), steps)
  else for (const step of steps) await run(step)
  await waitFor(() => ofType(c, 'after_reset').length, 10_000, 'the event after reset()')
  const [before] = ofType(c, 'while_identified')
  const [after] = ofType(c, 'after_reset')
  expect(before!.userId).toBe('user-1')
  expect(after!.userId).toBeUndefined()
  expect(after!.anonymousId).not.toBe(before!.anonymousId)
  // And once more after a reload: nothing of user-1 came back from storage.
  await tab.reload()
  await loaded(tab)
  await tab.evaluate(() => (window as unknown as { journeytag: Jt }).journeytag.track('after_reload'))
  const [reloaded] = await waitFor(() => (ofType(c, 'after_reload').length ? ofType(c, 'after_reload') : undefined), 10_000, 'the event after the reload')
  expect(reloaded!.userId).toBeUndefined()
  expect(reloaded!.anonymousId).toBe(after!.anonymousId)
})

/**
 * Submits a search form with a card number typed in; what the results page's view and every request carry.
 * `newTab`: the form opens the results in a new tab (target="_blank"), which has a sessionStorage of its own.
 * `optIn`: the site asks for consent first (data-require-consent), and the visitor gives it on the results page.
 */
async function submitSearch(form: string, submit: (tab: Page) => Promise<unknown>, newTab = false, optIn = false) {
  const c = await w.collector()
  const site = await w.site()
  const tag = { 'data-endpoint': c.url, 'data-flush-interval': '200', ...(optIn && { 'data-require-consent': 'true' }) }
  site.page('/search.html', html({ tag, body: form }))
  site.page('/results.html', html({ tag, title: 'results', body: '<p>results</p>' }))
  const { tab } = await w.tab()
  await tab.goto(`${site.url}/search.html`)
  await loaded(tab)
  const query = `handmade-${Date.now()}`
  const card = '4111111111111111'
  await tab.fill('[name=q]', query)
  await tab.fill('[name=cardnumber]', card)
  const popup = newTab ? tab.waitForEvent('popup') : undefined
  await submit(tab)
  const results = (await popup) ?? tab
  if (newTab) w.later(() => results.close())
  await results.waitForURL('**/results.html?*')
  expect(results.url()).toContain(card) // the browser did put it in the URL
  await loaded(results)
  if (optIn) await results.evaluate(() => (window as unknown as { journeytag: (method: string, granted: boolean) => void }).journeytag('consent', true))
  const view = await waitFor(() => c.events().find((e) => e.type === 'page_view' && e.page.path === '/results.html'), 10_000, 'the results page view')
  expect(view.page.url).toBe(`${site.url}/results.html`)
  const sent = c.attempts.map((a) => JSON.stringify(a.batch)).join('\n')
  expect(sent).not.toContain(query)
  expect(sent).not.toContain(card)
}

const FIELDS = '<input name="q"><input name="cardnumber">'

test('a GET form with a search and a card-number field: the next page view has neither value in its URL, nor does any request', async () => {
  await submitSearch(`<form method="get" action="/results.html">${FIELDS}<button type="submit">Search</button></form>`, (tab) => tab.click('button[type=submit]'))
})

test('a GET form with target="_blank" (results in a new tab, whose sessionStorage is not this tab\'s): neither value is recorded', async () => {
  await submitSearch(`<form method="get" action="/results.html" target="_blank">${FIELDS}<button type="submit">Search</button></form>`, (tab) => tab.click('button[type=submit]'), true)
})

test('the same, in opt-in mode, consent given on the results page: neither value is recorded (the names were kept before consent, as in the tab itself)', async () => {
  await submitSearch(`<form method="get" action="/results.html" target="_blank">${FIELDS}<button type="submit">Search</button></form>`, (tab) => tab.click('button[type=submit]'), true, true)
})

test('the same GET form sent by a script (form.submit(), which fires no submit event): neither value is recorded', async () => {
  await submitSearch(`<form method="get" action="/results.html">${FIELDS}</form>`, (tab) => tab.evaluate(() => document.querySelector('form')!.submit()))
})

test('a POST form sent by a button with formmethod="get": neither value is recorded', async () => {
  await submitSearch(`<form method="post" action="/results.html">${FIELDS}<button formmethod="get">Search</button></form>`, (tab) => tab.click('button'))
})

test.each([
  ['"method" (a delivery or payment method: form.method is then that field, not "get")', '<select name="method"><option>card</option></select>'],
  ['"elements" (form.elements is then that field)', '<input name="elements" value="x">'],
])('a GET form with a field named %s: neither value is recorded', async (_, field) => {
  await submitSearch(`<form method="get" action="/results.html">${FIELDS}${field}<button type="submit">Search</button></form>`, (tab) => tab.click('button[type=submit]'))
})

test('opt-in mode before consent(true): the page stores nothing, not even an empty IndexedDB database; after it, events are queued and arrive', async () => {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/opt-in.html', html({ before: initWith({ ...FAST, endpoint: c.url, requireConsent: true, autoPageviews: true }) }))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.evaluate(() => (window as unknown as { journeytag: Jt }).journeytag.track('before_consent'))
  await tab.waitForTimeout(1_500) // past the first flush after load (1 s) and several flush intervals
  const stored = () =>
    tab.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((d) => d.name),
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      cookies: document.cookie,
    }))
  expect(await stored()).toEqual({ databases: [], local: [], session: [], cookies: '' })
  await tab.evaluate(() => {
    const jt = (window as unknown as { journeytag: Jt }).journeytag
    jt.consent(true)
    jt.track('after_consent')
  })
  await waitFor(() => ofType(c, 'after_consent').length, 10_000, 'the event after consent(true)')
  expect(ofType(c, 'before_consent')).toEqual([])
  expect((await stored()).databases).toContain('journeytag')
  expect(pageErrors).toEqual([])
})

test('an opt-out queued in the pre-load snippet (a consent banner answered before the bundle arrived) stops the page view the script tag records', async () => {
  const c = await w.collector()
  const site = await w.site()
  // The script tag alone configures journeytag (page views on); the snippet's queue holds only the visitor's choice.
  const url = site.page('/opted-out.html', html({ before: `${QUEUE_SNIPPET};journeytag('consent', false)`, tag: { 'data-endpoint': c.url, 'data-flush-interval': '200' } }))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.evaluate(() => (window as unknown as { journeytag: Jt }).journeytag.track('after_opt_out'))
  await flushIn(tab)
  await tab.waitForTimeout(600) // three flush intervals: an event let through would have been sent
  expect(c.events()).toEqual([])
  expect(await tab.evaluate(() => localStorage.getItem('journeytag:anonymousId'))).toBeNull()
  expect(pageErrors).toEqual([])
})
