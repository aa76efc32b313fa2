/**
 * The public API: init/track/page/identify/purchase/consent/flush/reset. Every
 * function here is an entry point from the host page, so each one is guarded:
 * nothing throws out. Calls made before init() are kept and replayed.
 */
import { parse } from './builtins'
import { guard, logError, logWarning, setDebug } from './log'
import { resolveOptions, type Options } from './options'
import type { RulesDocument } from './contract/rules'
import type { TrackerApi } from './plugin'
import { compileRules } from './rules/match'
import { loadRules } from './rules/load'
import { defaultRules } from './rules/defaults'
import { createDelivery } from './delivery/queue'
import { classifyChannel, readCampaign } from './context/channel'
import { clearIdentity, saveUserId } from './context/identity'
import { clearVisitor } from './context/journey-state'
import { blockedParams } from './context/page'
import { clearSession, saveSession } from './context/session'
import { forgetCached, setStorageMode } from './context/storage'
import { forgetConsent, saveConsent } from './context/consent'
import { clearOrders, seenOrder } from './context/orders'
import { watchGetForms } from './context/get-forms'
import { pageviews } from './capture/pageviews'
import { parseOrder, type Order } from './purchase'
import { LIMITS } from './contract/limits'
import { allowed, drain, inLine, record, type State, type View } from './touchpoint'

let state: State | undefined
/** Calls made before init(), replayed by init() in order (capped: a page that never calls init() must not grow memory). */
const early: (() => void)[] = []
const EARLY_LIMIT = 100

function deferUntilInit(call: () => void): void {
  if (early.length < EARLY_LIMIT) early.push(call)
  else if (early.length == EARLY_LIMIT) {
    early.push(() => {}) // counts the overflow once, so the warning is printed once
    logWarning(`more than ${EARLY_LIMIT} calls before init(); later ones are dropped until init() is called`)
  }
}

/** Runs a public call: guarded, and kept for later when it comes before init(). */
const api = <A extends unknown[]>(name: string, body: (s: State, ...args: A) => void) => {
  const call = (...args: A): void => void guard(name, () => (state ? body(state, ...args) : deferUntilInit(() => call(...args))))
  return call
}

const forgetVisitor = () => {
  clearIdentity()
  clearSession()
  clearVisitor()
}

/**
 * Starts journeytag. Call once, as early as possible; calls made before it are kept and replayed.
 * @example
 * init({ endpoint: 'https://collect.example.com/e', rules: '/journey-rules.json' })
 */
export function init(options: Options): void {
  guard('init()', () => {
    if (state) return logWarning('init() was already called; the second call is ignored')
    const { options: opts, error } = resolveOptions(options)
    if (error) logError(`invalid options: ${error}`)
    setDebug(opts.debug)
    setStorageMode(opts.identityStorage)
    const query = new URLSearchParams(location.search)
    const blocked = blockedParams(opts.stripParams)
    // Registered before delivery's own page-hide send, so what is still waiting is queued in time:
    // with the default rules' phases if the site's rules have not loaded yet.
    const leave = () =>
      guard('page hide', () => {
        if (state) drain(state, compileRules(defaultRules))
        saveSession()
      })
    const onVisibility = () => document.visibilityState == 'hidden' && leave()
    const onStorage = (event: StorageEvent) => {
      if (event.key && !event.key.startsWith('journeytag:')) return
      forgetCached(event.key)
      // A choice made in another tab applies here too.
      if (!event.key || event.key == 'journeytag:consent') forgetConsent()
    }
    addEventListener('pagehide', leave)
    addEventListener('storage', onStorage)
    document.addEventListener('visibilitychange', onVisibility)
    const s: State = (state = {
      options: opts,
      delivery: createDelivery(opts),
      pending: [],
      arrival: { channel: classifyChannel(query, document.referrer, location.hostname), campaign: readCampaign(query, blocked) },
      currentUrl: location.href,
      referrer: document.referrer,
      blocked,
      teardowns: [
        watchGetForms(blocked),
        () => {
          removeEventListener('pagehide', leave)
          removeEventListener('storage', onStorage)
          document.removeEventListener('visibilitychange', onVisibility)
        },
      ],
    })
    // Whatever goes wrong on the way (a rules document that breaks the compiler), the default rules take over:
    // touchpoints must never wait for rules that will not come.
    const useRules = (rules: RulesDocument) => {
      if (state != s) return
      s.resolvePhase = compileRules(rules)
      drain(s)
    }
    loadRules(opts.rules)
      .then(useRules)
      .catch((error) => {
        logError(`rules failed (${(error as Error)?.message}); using the default rules`)
        useRules(defaultRules)
      })
    for (const plugin of opts.autoPageviews ? [pageviews(), ...opts.plugins] : opts.plugins) {
      const teardown = guard('plugin', () => plugin(tracker))
      if (typeof teardown == 'function') s.teardowns.push(teardown)
    }
    for (const call of early.splice(0)) call()
  })
}

/**
 * Records a touchpoint. `type` is one of the built-in kinds or any custom name (1–100 characters).
 * Properties are copied at once: changing the object afterwards does not change the event.
 * @example
 * track('newsletter_signup', { list: 'weekly' })
 */
export const track: (type: string, properties?: Record<string, unknown>, element?: Element) => void = api('track()', (s, type, properties, element) => {
  record(s, 'track', type, properties, element)
})

/**
 * Records a page view of the current URL. Automatic unless `autoPageviews: false`;
 * in an SPA the referrer of each view is the previous in-app URL. `view` is for
 * captures that decide late (an SPA view waiting for its title): when and where the view began.
 * @example
 * page({ section: 'docs' })
 */
export const page: (properties?: Record<string, unknown>, view?: View) => void = api('page()', (s, properties, view) => {
  const href = view?.href ?? location.href
  if (href != s.currentUrl) {
    s.referrer = s.currentUrl
    s.currentUrl = href
  }
  record(s, 'page', 'page_view', properties, undefined, view)
})

/**
 * Links the visitor to your user id (after login or sign-up); later events carry it.
 * An id that is not a string of 1 to 256 characters is refused with a console error.
 * @example
 * identify('user-42', { plan: 'pro' })
 */
export const identify: (userId: string, traits?: Record<string, unknown>) => void = api('identify()', (s, userId, traits) => {
  if (typeof userId != 'string' || !userId || userId.length > LIMITS.userId) {
    return logError(`identify(): userId must be a string of 1 to ${LIMITS.userId} characters; ignored`)
  }
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
export const purchase: (order: Order) => void = api('purchase()', (s, order) => {
  const properties = parseOrder(order)
  // Orders waiting to be built count too: the data layer and a purchase() call in one task are one purchase.
  const waiting = s.pending.some((p) => typeof p != 'function' && p.type == 'purchase' && parse(p.json).orderId == properties.orderId)
  if (properties && !seenOrder(properties.orderId) && !waiting) record(s, 'purchase', 'purchase', properties)
})

/**
 * Records the visitor's consent choice, and remembers it across visits.
 * `consent(true)` starts tracking (with `requireConsent`, nothing is recorded
 * before it) and records a page view of the current page; `consent(false)`
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
    const forget = () => {
      forgetVisitor()
      clearOrders()
    }
    if (!granted) s ? inLine(s, forget) : forget()
    if (s && granted && !before && s.options.autoPageviews) page()
  })
}

/**
 * Sends everything queued now, instead of waiting for the batch size or interval.
 * Resolves within one request timeout (30 s), whatever the collector does.
 * @example
 * await flush()
 */
export function flush(): Promise<void> {
  const s = state
  if (!s) return Promise.resolve()
  guard('flush()', () => drain(s))
  return s.delivery.flush().catch(() => {})
}

/**
 * Forgets the visitor: new anonymous id, no user id, new session, no journey history.
 * Call it on logout. Queued events are kept and still delivered.
 * @example
 * reset()
 */
export function reset(): void {
  guard('reset()', () => (state ? inLine(state, forgetVisitor) : forgetVisitor()))
}

/** Stops the tracker and removes its listeners (tests, hot module reload). Queued events stay queued. */
export function shutdown(): void {
  guard('shutdown()', () => {
    if (state) drain(state, compileRules(defaultRules))
    state?.teardowns.forEach((teardown) => teardown())
    state?.delivery.stop()
    state = undefined
    early.length = 0
    forgetConsent()
  })
}

const tracker: TrackerApi = { track, page, identify, flush, purchase, hashRouting: () => !!state?.options.hashRouting }
