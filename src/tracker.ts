/**
 * The public API: init/track/page/identify/purchase/consent/flush/reset. Every
 * function here is an entry point from the host page, so each one is guarded:
 * nothing throws out. Calls made before init() are kept and replayed.
 * `start` is the core init() npm users get; `init` also takes the script tag's
 * string form of the opt-in modules (`format: 'segment'`).
 */
import { parse, stringify } from './builtins'
import { guard, logError, logWarning, on, quiet, setDebug } from './log'
import { resolveOptions, type Options } from './options'
import type { RulesDocument } from './contract/rules'
import type { Plugin, TrackerApi } from './plugin'
import { compileRules } from './rules/match'
import { loadRules } from './rules/load'
import { defaultRules } from './rules/defaults'
import { createDelivery } from './delivery/queue'
import { segment } from './delivery/formats/segment'
import { classifyChannel, readCampaign } from './context/channel'
import { clearIdentity, saveUserId } from './context/identity'
import { clearVisitor } from './context/journey-state'
import { blockedParams } from './context/page'
import { clearSession, saveSession } from './context/session'
import { forgetCached, setStorageMode } from './context/storage'
import { forgetConsent, saveConsent } from './context/consent'
import { clearOrders, orderKey, seenOrder } from './context/orders'
import { watchGetForms } from './context/get-forms'
import { pageviews } from './capture/pageviews'
import { parseOrder, type Order } from './purchase'
import { isNonEmptyString, LIMITS } from './contract/limits'
import { allowed, drain, dropped, early as replayed, inLine, phases, record, replay, type State, type View } from './touchpoint'

let state: State | undefined
/**
 * The script tag's own captures, run after the site's plugins: kept out of the `plugins` option, so a wrong
 * `plugins` (not a list, a bad entry) is named as the site wrote it and never costs the captures.
 */
export const captures: Plugin[] = []
const prerendering = () => (document as { prerendering?: boolean }).prerendering
/** Calls made before init(), replayed by init() in order (capped: a page that never calls init() must not grow memory). */
const early: (() => void)[] = []
const EARLY_LIMIT = 100

/** Runs a public call: guarded, and kept for later when it comes before init(). */
const api = <A extends unknown[]>(name: string, body: (s: State, ...args: A) => void) => {
  const call = (...args: A): void =>
    void guard(name, () => {
      if (state) return body(state, ...args)
      if (early.length < EARLY_LIMIT) {
        // The snapshot track() takes: the call's time and page, and its properties as they are now (elements as they are).
        // On a prerendered page the time is when it is shown (0: the replay's time), as its page view's is.
        const view = { at: prerendering() ? 0 : Date.now(), href: document.URL, title: document.title }
        const copy = args.map((arg) => (arg && typeof arg == 'object' && !(arg instanceof Node) && quiet(() => parse(stringify(arg)))) || arg) as A
        early.push(() => replay(view, () => call(...copy)))
      }
      // The no-op entry counts the overflow once, so the warning is printed once.
      else if (early.length == EARLY_LIMIT) early.push(() => {}), logWarning(`over ${EARLY_LIMIT} calls before init(); later ones dropped until init()`)
    })
  return call
}

const forgetVisitor = () => {
  clearIdentity()
  clearSession()
  clearVisitor()
  // getPhase() must not show the next person on a shared device the last one's phase.
  phases.now = undefined
}
/** Queues what is still waiting, with the default rules' phases if the site's rules have not loaded yet. */
const drainNow = () => state && drain(state, compileRules(defaultRules))
/** The page is hidden or left: what is waiting is queued and the session's activity is written. */
const leave = () => (drainNow(), saveSession())

/**
 * Starts journeytag: init() as the npm entry exports it. Opt-in modules are passed
 * as option values (`format: segment`), so an app that does not import one does not ship it.
 * @example
 * init({ endpoint: 'https://collect.example.com/e', rules: '/journey-rules.json' })
 */
export function start(options: Options): void {
  // A page the browser prerenders (speculation rules) may never be shown. As Google Analytics does, journeytag starts
  // once it is: no touchpoint, session or stored event for a page nobody saw, and the page view is timed when it is
  // seen. Calls made meanwhile wait as calls before init() do.
  if (prerendering()) return void on(document, 'prerenderingchange', () => start(options))
  guard('init()', () => {
    if (state) return logWarning('init() called again; ignored')
    const { options: opts, error } = resolveOptions(options)
    if (error) logError(`invalid options: ${error}`)
    setDebug(opts.debug)
    setStorageMode(opts.identityStorage)
    const query = new URLSearchParams(location.search)
    const blocked = blockedParams(opts.stripParams)
    const { referrer } = document
    const s: State = (state = {
      opts,
      // Registered before the queue's own page-hide send, so what is still waiting is queued in time.
      teardowns: [
        on(window, 'pagehide', leave),
        on(document, 'visibilitychange', () => document.visibilityState == 'hidden' && leave()),
        on(window, 'storage', (event) => {
          const { key } = event as StorageEvent
          if (key && !key.startsWith('journeytag:')) return
          forgetCached(key)
          // A choice made in another tab applies here too.
          if (!key || key == 'journeytag:consent') forgetConsent()
        }),
        watchGetForms(blocked),
        // A page restored from the back/forward cache heard no storage event while it was frozen (Firefox and Safari
        // do not queue them): an opt-out or reset() made on the next page must hold before any capture records.
        // Capture phase, registered before the captures' own pageshow listeners, so it runs first.
        on(window, 'pageshow', (event) => (event as PageTransitionEvent).persisted && (forgetCached(), forgetConsent()), true),
      ],
      queue: createDelivery(opts),
      pending: [],
      arrival: { channel: classifyChannel(query, referrer, location.hostname), campaign: readCampaign(query, blocked) },
      url: location.href,
      referrer,
      blocked,
    })
    // Whatever goes wrong on the way (a rules document that breaks the compiler), the default rules take over:
    // touchpoints must never wait for rules that will not come.
    const useRules = (rules: RulesDocument) => state == s && ((s.phaseOf = compileRules(rules)), drain(s))
    loadRules(opts.rules)
      .then(useRules)
      .catch((error) => (logError(`rules failed (${error?.message}); using the default rules`), useRules(defaultRules)))
    for (const plugin of [...(opts.autoPageviews ? [pageviews()] : []), ...opts.plugins, ...captures]) {
      const teardown = guard('plugin', () => plugin(tracker))
      if (typeof teardown == 'function') s.teardowns.push(teardown)
    }
    for (const call of early.splice(0)) call()
  })
}

/**
 * Starts journeytag. Call once, as early as possible; calls made before it are kept and replayed.
 * Also takes `format: 'segment'` (the script tag's form of the Segment module).
 * @example
 * init({ endpoint: 'https://collect.example.com/e', rules: '/journey-rules.json' })
 */
export const init = (options: Options): void => start(options?.format == 'segment' ? { ...options, format: segment } : options)

/**
 * Records a touchpoint. `type` is one of the built-in kinds or any custom name (1–100 characters).
 * Properties are copied at once: changing the object afterwards does not change the event.
 * @example
 * track('newsletter_signup', { list: 'weekly' })
 */
export const track: (type: string, properties?: Record<string, unknown>, element?: Element) => void = /* @__PURE__ */ api('track()', (s, type, properties, element) =>
  record(s, 'track', type, properties, element),
)

/**
 * Records a page view of the current URL. Automatic unless `autoPageviews: false`;
 * in an SPA the referrer of each view is the previous in-app URL. `view` is for
 * captures that decide late (an SPA view waiting for its title): when and where the view began
 * (a relative `href` resolves against the page's URL; one that does not parse drops the view with a warning).
 * @example
 * page({ section: 'docs' })
 */
export const page: (properties?: Record<string, unknown>, view?: View) => void = /* @__PURE__ */ api('page()', (s, properties, view = replayed) => {
  // A relative href (a view's: '/pricing') resolves against the page (location.href is document.URL), as a link's does.
  const href = quiet(() => new URL(view?.href ?? document.URL, location.href).href)
  if (!href) return dropped('page', 0, 'view.href is not a URL')
  if (href != s.url) {
    s.referrer = s.url
    s.url = href
  }
  record(s, 'page', 'page_view', properties, undefined, { ...view!, href })
})

/**
 * Links the visitor to your user id (after login or sign-up); later events carry it.
 * An id that is not a string of 1 to 256 characters is refused with a console error.
 * @example
 * identify('user-42', { plan: 'pro' })
 */
export const identify: (userId: string, traits?: Record<string, unknown>) => void = /* @__PURE__ */ api('identify()', (s, userId, traits) => {
  if (!isNonEmptyString(userId, LIMITS.userId)) return logError(`identify(): userId must be a string of 1 to ${LIMITS.userId} characters; ignored`)
  if (!allowed(s)) return
  inLine(s, () => saveUserId(userId))
  record(s, 'identify', 'identify', traits)
})

/**
 * Records a purchase (a conversion). Checked on the way in: a bad field is
 * reported by name, and the purchase is still recorded so no conversion is lost.
 * An order id is recorded once per visitor (a reloaded thank-you page counts once).
 * @example
 * purchase({ orderId: 'A-1001', value: 49.9, currency: 'EUR', items: [{ id: 'sku-1', quantity: 1 }] })
 */
export const purchase: (order: Order) => void = /* @__PURE__ */ api('purchase()', (s, order) => {
  const properties = parseOrder(order)
  const key = orderKey(properties.orderId)
  // Orders waiting to be built count too: the data layer and a purchase() call in one task are one purchase.
  if (!seenOrder(key) && !(key && s.pending.some((p) => typeof p != 'function' && p.type == 'purchase' && orderKey(parse(p.json).orderId) == key))) {
    record(s, 'purchase', 'purchase', properties)
  }
})

/**
 * Records the visitor's consent choice, and remembers it across visits.
 * `consent(true)` starts tracking (with `requireConsent`, nothing is recorded
 * before it) and, with `autoPageviews` on and tracking not yet allowed, records a page view of the current page; `consent(false)`
 * stops tracking at once and deletes the stored ids, session and history.
 * @example
 * cookieBanner.onAccept(() => consent(true))
 */
export function consent(granted: boolean): void {
  guard('consent()', () => {
    if (typeof granted != 'boolean') return logWarning('consent(): expected true or false; ignored')
    const s = state
    const before = s && allowed(s)
    saveConsent(granted)
    const forget = () => (forgetVisitor(), clearOrders())
    if (!granted) s ? inLine(s, forget) : forget()
    if (s && granted && !before && s.opts.autoPageviews) page()
  })
}

/**
 * Sends everything queued now, instead of waiting for the batch size or interval.
 * Resolves within the `timeout` option (30 s by default) plus a second, whatever the collector does.
 * @example
 * await flush()
 */
export function flush(): Promise<void> {
  const s = state
  if (!s) return Promise.resolve()
  guard('flush()', () => drain(s))
  return s.queue.flush().catch(() => {})
}

/**
 * Forgets the visitor: new anonymous id, no user id, new session, no journey history.
 * Call it on logout. Queued events are kept and still delivered.
 * @example
 * reset()
 */
export function reset(): void {
  // Before init() also in line with the calls kept for it: a replayed identify() made before the logout must not outlive it.
  // Kept past the limit of those calls (an identify() kept before it must still be undone), but once for a run of resets.
  guard('reset()', () => (state ? inLine(state, forgetVisitor) : (forgetVisitor(), early[early.length - 1] != reset && early.push(reset))))
}

/** Stops the tracker and removes its listeners (tests, hot module reload). Queued events stay queued. */
export function shutdown(): void {
  guard('shutdown()', () => {
    drainNow()
    state?.teardowns.forEach((teardown) => teardown())
    state?.queue.stop()
    state = undefined
    early.length = 0
    forgetConsent()
  })
}

const tracker: TrackerApi = { track, page, identify, flush, purchase, hashRouting: () => !!state?.opts.hashRouting }
