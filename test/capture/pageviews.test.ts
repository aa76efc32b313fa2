import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { flush, init, shutdown } from '../../src/tracker'
import type { TouchpointEvent } from '../../src/contract/event'
import { pageviews, SETTLE_MS, TITLE_WAIT_MS } from '../../src/capture/pageviews'

/** Long enough for the last view's new title to count as settled. */
const SETTLED = SETTLE_MS + 50
import { startTracking, tick } from './tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
  document.title = 'Home'
})
afterEach(() => shutdown())

/** What a router does after changing the URL: it renders the new page's title (a view waits for it, up to TITLE_WAIT_MS). */
const titled = (title: string) => void (document.title = title)

const views = (events: { type: string; page: { path: string; url: string; referrer: string } }[]) =>
  events.filter((e) => e.type === 'page_view').map((e) => e.page.url.replace(location.origin, ''))

describe('page views in a single-page app', () => {
  test('the first load and every pushState navigation are one page view each', async () => {
    const t = startTracking({ autoPageviews: true })
    history.pushState({}, '', '/pricing')
    titled('Pricing')
    await tick()
    history.pushState({}, '', '/signup?plan=team')
    titled('Sign up')
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/pricing', '/signup?plan=team'])
  })

  test("each SPA view's referrer is the previous in-app URL", async () => {
    const t = startTracking({ autoPageviews: true })
    history.pushState({}, '', '/pricing')
    titled('Pricing')
    await tick()
    history.pushState({}, '', '/signup')
    titled('Sign up')
    const events = await t.delivered(SETTLED)
    expect(events.map((e) => e.page.referrer.replace(location.origin, ''))).toEqual(['', '/', '/pricing'])
  })

  test('pushing the URL already shown, or only a #anchor, is not a new view', async () => {
    const t = startTracking({ autoPageviews: true })
    history.pushState({}, '', '/')
    await tick()
    history.pushState({}, '', '/#reviews')
    await tick()
    expect(views(await t.delivered(SETTLED))).toEqual(['/'])
  })

  test('replaceState counts only when the path changes (a redirect), not for a query update', async () => {
    const t = startTracking({ autoPageviews: true })
    history.replaceState({}, '', '/?color=red')
    await tick()
    history.replaceState({}, '', '/login')
    titled('Log in')
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/login'])
  })

  test('a navigation immediately redirected is one view, of where it landed', async () => {
    const t = startTracking({ autoPageviews: true })
    history.pushState({}, '', '/account')
    history.replaceState({}, '', '/login')
    titled('Log in')
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/login'])
  })

  test('back and forward (popstate) are page views', async () => {
    const t = startTracking({ autoPageviews: true })
    history.pushState({}, '', '/pricing')
    titled('Pricing')
    await tick()
    history.replaceState({}, '', '/') // what the browser does to location on Back…
    dispatchEvent(new PopStateEvent('popstate')) // …then it fires popstate
    titled('Home')
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/pricing', '/'])
  })

  test('hash routes are page views only with hashRouting', async () => {
    const off = startTracking({ autoPageviews: true })
    location.hash = '#/settings'
    dispatchEvent(new HashChangeEvent('hashchange'))
    expect(views(await off.delivered(SETTLED))).toEqual(['/'])
    shutdown()
    history.replaceState(null, '', '/')
    const on = startTracking({ autoPageviews: true, hashRouting: true })
    location.hash = '#/settings'
    dispatchEvent(new HashChangeEvent('hashchange'))
    dispatchEvent(new PopStateEvent('popstate')) // browsers fire both for one move: still one view
    titled('Settings')
    expect(views(await on.delivered(SETTLED))).toEqual(['/', '/#/settings'])
  })

  test('with hashRouting, #/ and #!/ routes are views but a #anchor is not', async () => {
    const t = startTracking({ autoPageviews: true, hashRouting: true })
    location.hash = '#faq'
    dispatchEvent(new HashChangeEvent('hashchange'))
    await tick()
    location.hash = '#!/settings'
    dispatchEvent(new HashChangeEvent('hashchange'))
    titled('Settings')
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/#!/settings'])
  })

  test('pageviews() added by hand follows the hashRouting option of init()', async () => {
    const t = startTracking({ hashRouting: true, plugins: [pageviews()] })
    location.hash = '#/settings'
    dispatchEvent(new HashChangeEvent('hashchange'))
    titled('Settings')
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/#/settings'])
  })

  test('an SPA view carries the title the router sets after the URL (in an effect, once data has loaded)', async () => {
    const t = startTracking({ autoPageviews: true })
    history.pushState({}, '', '/pricing')
    await tick(20) // the route renders, then sets its title
    titled('Pricing')
    const events = await t.delivered(SETTLED)
    expect(events.map((e) => [e.page.path, e.page.title])).toEqual([['/', 'Home'], ['/pricing', 'Pricing']])
  })

  test('a view whose title never changes is still recorded, with that title, after the bounded wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const t = startTracking({ autoPageviews: true })
      history.pushState({}, '', '/about') // an app that keeps one title for every route
      await vi.advanceTimersByTimeAsync(TITLE_WAIT_MS + 10)
      await flush()
      expect(t.events.map((e) => [e.page.path, e.page.title])).toEqual([['/', 'Home'], ['/about', 'Home']])
    } finally {
      vi.useRealTimers()
    }
  })

  test('a view still waiting for its title is recorded when the page is hidden, in time for the page-hide request', async () => {
    const sent: { keepalive: boolean; paths: string[] }[] = []
    init({
      transport: async ({ body, keepalive }) => (sent.push({ keepalive, paths: JSON.parse(body).events.map((e: TouchpointEvent) => e.page.path) }), { status: 200 }),
      autoPageviews: true,
    })
    history.pushState({}, '', '/about')
    await tick()
    dispatchEvent(new Event('pagehide')) // the visitor leaves before the title changed
    // No timer runs after page hide: the view must already be in the request the page sends as it goes.
    for (let i = 0; i < 20; i++) await Promise.resolve()
    expect(sent).toEqual([{ keepalive: true, paths: ['/', '/about'] }])
  })

  test('a page restored from the back/forward cache (pageshow, persisted) is a page view; a first pageshow is not', async () => {
    const t = startTracking({ autoPageviews: true })
    const pageshow = (persisted: boolean) => dispatchEvent(Object.assign(new Event('pageshow'), { persisted }))
    pageshow(false) // the load's own pageshow: the view is already recorded
    dispatchEvent(new Event('pagehide'))
    pageshow(true) // Back to this page, kept in the cache
    expect(views(await t.delivered(SETTLED))).toEqual(['/', '/'])
  })

  test('autoPageviews: false records nothing by itself and leaves history untouched', async () => {
    const original = history.pushState
    const t = startTracking({ autoPageviews: false })
    expect(history.pushState).toBe(original)
    history.pushState({}, '', '/pricing')
    expect(views(await t.delivered(SETTLED))).toEqual([])
  })

  test("history is restored on shutdown, and the app's own calls keep working meanwhile", async () => {
    const original = history.pushState
    const t = startTracking({ autoPageviews: true })
    expect(history.pushState).not.toBe(original)
    expect(history.pushState({ app: 1 }, '', '/a')).toBeUndefined()
    expect(history.state).toEqual({ app: 1 })
    expect(location.pathname).toBe('/a')
    await t.delivered(SETTLED)
    shutdown()
    expect(history.pushState).toBe(original)
  })

  test('a router that wraps history after journeytag keeps its wrapper on shutdown', async () => {
    startTracking({ autoPageviews: true })
    const ours = history.pushState
    const routerWrapper = function (this: History, ...args: Parameters<History['pushState']>) { return ours.apply(this, args) }
    history.pushState = routerWrapper
    shutdown()
    expect(history.pushState).toBe(routerWrapper)
    history.pushState(null, '', '/still-works')
    expect(location.pathname).toBe('/still-works')
    history.pushState = History.prototype.pushState
  })
})
