/**
 * Issue 12, "tried as a new user would": misspelt script-tag attributes, a
 * missing or malformed endpoint, rules with several errors, invalid inline
 * rules, an SPA router that sets the title late, journeytag.track() on the
 * pre-load stub, and a chat launcher the site asked to ignore.
 */
import { expect, test } from 'vitest'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld, type Collector } from './support/hardening-world'
import { flushIn } from './support/hardening-pages'

const w = useHardeningWorld()
const ofType = (c: Collector, type: string) => c.events().filter((e) => e.type === type)
const journeytagErrors = (errors: string[]) => errors.filter((e) => e.includes('[journeytag]'))

/** Loads a page whose script tag has `attributes`; returns journeytag's console errors once one is printed (and 300 ms more). */
async function errorsFor(attributes: Record<string, string>) {
  const site = await w.site()
  const url = site.page('/tag.html', html({ tag: attributes }))
  const { tab, errors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await waitFor(() => journeytagErrors(errors).length, 5_000, 'a journeytag console error').catch(() => {})
  await tab.waitForTimeout(300)
  return { errors: journeytagErrors(errors), site }
}

test.each([
  ['data-endpiont', 'data-endpoint'],
  ['data-flush-intervall', 'data-flush-interval'],
  ['data-debg', 'data-debug'],
])('a misspelt %s is one console error: "did you mean %s?"', async (typo, meant) => {
  const c = await w.collector()
  const attributes: Record<string, string> = { [typo]: typo === 'data-endpiont' ? c.url : '1000' }
  if (typo !== 'data-endpiont') attributes['data-endpoint'] = c.url
  const { errors } = await errorsFor(attributes)
  const mentions = errors.filter((e) => e.includes(typo))
  expect(mentions).toHaveLength(1)
  expect(mentions[0]).toContain(`did you mean ${meant}?`)
})

test('no endpoint at all is one clear console error', async () => {
  const { errors } = await errorsFor({ 'data-flush-interval': '1000' })
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(/endpoint: required/)
})

test('data-endpoint="htp:/bad url" is one console error naming the endpoint', async () => {
  const { errors } = await errorsFor({ 'data-endpoint': 'htp:/bad url' })
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(/endpoint: not an http\(s\) URL/)
})

test('inline rules with three errors are one console error naming all three', async () => {
  const c = await w.collector()
  const rules = { rules: [{ name: 'buyers', phase: 'conversoin', when: { type: ['purchase'] } }, { name: 7, phase: 'awareness', when: {} }], fallback: 'nowhere' }
  const { errors } = await errorsFor({ 'data-endpoint': c.url, 'data-rules': JSON.stringify(rules) })
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain('rules[0].phase')
  expect(errors[0]).toContain('rules[1].name')
  expect(errors[0]).toContain('fallback')
})

test("invalid inline data-rules='{bad' is reported as not valid JSON and never fetched as a URL", async () => {
  const c = await w.collector()
  const { errors, site } = await errorsFor({ 'data-endpoint': c.url, 'data-rules': '{bad' })
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain('data-rules: not valid JSON')
  expect(site.requests.filter((path) => path.includes('bad'))).toEqual([])
})

/**
 * A plain-DOM router (no React in this repository's dependencies): pushState,
 * then the title 50 ms later, either assigned (`document.title = …`, as
 * react-helmet or an effect does) or as a new <title> element replacing the old
 * one (what React 19's hoisted `<title>` does to <head>).
 */
const ROUTER = `
  function go(path, title, asElement) {
    history.pushState({}, '', path)
    setTimeout(function () {
      if (!asElement) return void (document.title = title)
      var next = document.createElement('title')
      next.textContent = title
      document.head.querySelector('title').remove()
      document.head.appendChild(next)
    }, 50)
  }`

test.each([
  ['document.title is assigned', false],
  ['a new <title> element replaces the old one', true],
])('an SPA navigation whose title changes 50 ms after pushState (%s): the page view carries the new title', async (_, asElement) => {
  const c = await w.collector()
  const site = await w.site()
  const body = `<button id="pricing" onclick="go('/app/pricing', 'Pricing — Acme', ${asElement})">pricing</button>`
  const url = site.page('/app/home', html({ title: 'Home — Acme', tag: { 'data-endpoint': c.url, 'data-flush-interval': '200' }, after: ROUTER, body }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.click('#pricing')
  const view = await waitFor(() => c.events().find((e) => e.type === 'page_view' && e.page.path === '/app/pricing'), 5_000, 'the pricing view')
  expect(view.page.title).toBe('Pricing — Acme')
  expect(ofType(c, 'page_view').map((e) => [e.page.path, e.page.title])).toEqual([
    ['/app/home', 'Home — Acme'],
    ['/app/pricing', 'Pricing — Acme'],
  ])
})

/**
 * The pre-load snippet, Segment-style: a function that queues its calls, with
 * every public method stubbed onto it, so `journeytag.track(…)` works before
 * the bundle has loaded. Exactly what README should show.
 */
const METHOD_SNIPPET =
  '!function(){var j=window.journeytag=window.journeytag||function(){(j.q=j.q||[]).push(arguments)};if(!j.loaded)"init track page identify purchase consent flush reset chatOpened".split(" ").forEach(function(m){j[m]=j[m]||function(){j.apply(null,[m].concat([].slice.call(arguments)))}})}()'

test('journeytag.track(…) on the pre-load stub, before a slow bundle arrives: no error, and the calls are replayed in order', async () => {
  const c = await w.collector()
  const site = await w.site()
  const early = `
    window.loadedBefore = !!journeytag.loaded
    journeytag.track('early_event', { a: 1 })
    journeytag.identify('user-7')
    journeytag.track('after_identify')
    journeytag('track', 'function_form')`
  const page = html({ before: `${METHOD_SNIPPET};${early}`, async: true, tag: { 'data-endpoint': c.url, 'data-flush-interval': '200' } })
  // A slow CDN: the bundle arrives 400 ms after the page asked for it.
  const url = site.page('/stub.html', page.replace('journeytag.global.js"', 'journeytag.global.js?delay=400"'))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  expect(await tab.evaluate(() => (window as unknown as { loadedBefore: boolean }).loadedBefore)).toBe(false)
  const mine = () => c.events().filter((e) => ['early_event', 'identify', 'after_identify', 'function_form'].includes(e.type))
  await waitFor(() => mine().length >= 4, 10_000, 'the four replayed calls')
  expect(mine().map((e) => [e.type, e.userId])).toEqual([
    ['early_event', undefined],
    ['identify', 'user-7'],
    ['after_identify', 'user-7'],
    ['function_form', 'user-7'],
  ])
  expect(mine()[0]!.properties).toEqual({ a: 1 })
  expect(pageErrors).toEqual([])
})

test('a chat launcher inside [data-journeytag-ignore] is not tracked; the same launcher outside it is', async () => {
  const c = await w.collector()
  const site = await w.site()
  const body = `
    <div data-journeytag-ignore><button class="chat-launcher" id="ignored">Chat with us</button></div>
    <button class="chat-launcher" id="tracked">Chat</button>
    <button id="done" data-journeytag="clicked_after_chat">done</button>`
  const url = site.page('/chat.html', html({ tag: { 'data-endpoint': c.url, 'data-flush-interval': '200' }, body }))
  const { tab } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  await tab.click('#ignored')
  await tab.click('#done')
  await flushIn(tab)
  await waitFor(() => ofType(c, 'clicked_after_chat').length, 5_000, 'the click after the ignored launcher')
  expect(ofType(c, 'chat_open')).toEqual([])
  await tab.reload() // a new page: chat opens within 5 s of each other count once, so the control runs on its own load
  await loaded(tab)
  await tab.click('#tracked')
  await waitFor(() => ofType(c, 'chat_open').length, 5_000, 'the chat_open of the launcher outside the ignored area')
})
