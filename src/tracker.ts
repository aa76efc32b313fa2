/**
 * The public API: init/track/page/identify/purchase/consent/flush/reset. Every
 * function here is an entry point from the host page, so each one is guarded:
 * nothing throws out. Calls made before init() are kept and replayed.
 */
import { logError, logWarning, setDebug, logDebug } from './log'
import { resolveOptions, type Options } from './options'
import type { TrackerApi } from './plugin'
import { compileRules } from './rules/match'
import { loadRules } from './rules/load'
import { createDelivery } from './delivery/queue'
import { classifyChannel, readCampaign } from './context/channel'
import { clearIdentity, saveUserId } from './context/identity'
import { clearVisitor } from './context/journey-state'
import { blockedParams } from './context/page'
import { clearSession } from './context/session'
import { setStorageMode } from './context/storage'
import { saveConsent } from './context/consent'
import { pageviews } from './capture/pageviews'
import { parseOrder, type Order } from './purchase'
import { clearOrders, seenOrder } from './context/orders'
import { allowed, finishWaiting, record, type State } from './touchpoint'
import { defaultRules } from './rules/defaults'

let state: State | undefined
/** Calls made before init(), replayed by init() in order (capped: a page that never calls init() must not grow memory). */
const early: Array<() => void> = []
const EARLY_LIMIT = 100

function guard<T>(name: string, body: () => T): T | undefined {
  try {
    return body()
  } catch (error) {
    logError(`${name}() failed: ${(error as Error)?.message ?? error}`)
    return undefined
  }
}

function deferUntilInit(call: () => void): void {
  if (early.length < EARLY_LIMIT) early.push(call)
  else if (early.length === EARLY_LIMIT) {
    early.push(() => {}) // counts the overflow once, so the warning is printed once
    logWarning(`more than ${EARLY_LIMIT} calls before init(); later ones are dropped until init() is called`)
  }
}

function recordOrDefer(type: string, properties: unknown, element?: Element): void {
  if (state) record(state, type, properties, element)
  else deferUntilInit(() => recordOrDefer(type, properties, element))
}

/**
 * Starts journeytag. Call once, as early as possible; calls made before it are kept and replayed.
 * @example
 * init({ endpoint: 'https://collect.example.com/e', rules: '/journey-rules.json' })
 */
export function init(options: Options): void {
  guard('init', () => {
    if (state) return logWarning('init() was already called; the second call is ignored')
    const resolved = resolveOptions(options)
    if (resolved.error) logError(`invalid options: ${resolved.error}`)
    const opts = resolved.options
    setDebug(opts.debug)
    setStorageMode(opts.identityStorage)
    const query = new URLSearchParams(location.search)
    const blocked = blockedParams(opts.stripParams)
    // Registered before delivery's own page-hide send, so touchpoints still waiting for a
    // rules file are queued in time: with the default rules' phases rather than lost.
    const leaving = () => {
      if (state && !state.resolvePhase) finishWaiting(state, compileRules(defaultRules))
    }
    const onVisibility = () => document.visibilityState === 'hidden' && leaving()
    addEventListener('pagehide', leaving)
    document.addEventListener('visibilitychange', onVisibility)
    const s: State = {
      options: opts,
      delivery: createDelivery(opts),
      waitingForRules: [],
      arrival: { channel: classifyChannel(query, document.referrer, location.hostname), campaign: readCampaign(query, blocked) },
      currentUrl: location.href,
      referrer: document.referrer,
      blocked,
      teardowns: [
        () => {
          removeEventListener('pagehide', leaving)
          document.removeEventListener('visibilitychange', onVisibility)
        },
      ],
    }
    state = s
    void loadRules(opts.rules).then((rules) => {
      if (state !== s) return
      s.resolvePhase = compileRules(rules)
      finishWaiting(s)
    })
    const plugins = opts.autoPageviews ? [pageviews({ hashRouting: opts.hashRouting }), ...opts.plugins] : opts.plugins
    for (const plugin of plugins) {
      const teardown = guard('plugin', () => plugin(api))
      if (typeof teardown === 'function') s.teardowns.push(teardown)
    }
    for (const call of early.splice(0)) call()
  })
}

/**
 * Records a touchpoint. `type` is one of the built-in kinds or any custom name.
 * @example
 * track('newsletter_signup', { list: 'weekly' })
 */
export function track(type: string, properties?: Record<string, unknown>, element?: Element): void {
  guard('track', () => recordOrDefer(type, properties, element))
}

/**
 * Records a page view of the current URL. Automatic unless `autoPageviews: false`;
 * in an SPA the referrer of each view is the previous in-app URL.
 * @example
 * page({ section: 'docs' })
 */
export function page(properties?: Record<string, unknown>): void {
  guard('page', () => {
    const s = state
    if (!s) return deferUntilInit(() => page(properties))
    if (location.href !== s.currentUrl) {
      s.referrer = s.currentUrl
      s.currentUrl = location.href
    }
    record(s, 'page_view', properties)
  })
}

/**
 * Links the visitor to your user id (after login or sign-up); later events carry it.
 * @example
 * identify('user-42', { plan: 'pro' })
 */
export function identify(userId: string, traits?: Record<string, unknown>): void {
  guard('identify', () => {
    if (typeof userId !== 'string' || !userId) return logWarning('identify(): userId must be a non-empty string; ignored')
    if (!state) return deferUntilInit(() => identify(userId, traits))
    if (!allowed(state)) return
    saveUserId(userId)
    record(state, 'identify', traits)
  })
}

/**
 * Records a purchase (a conversion). Checked on the way in: a bad field is
 * reported by name, and the purchase is still recorded so no conversion is lost.
 * @example
 * purchase({ orderId: 'A-1001', value: 49.9, currency: 'EUR', items: [{ id: 'sku-1', quantity: 1 }] })
 */
export function purchase(order: Order): void {
  guard('purchase', () => {
    const s = state
    if (!s) return deferUntilInit(() => purchase(order))
    const properties = parseOrder(order)
    if (!allowed(s)) return
    // A reloaded thank-you page (or the data layer and a purchase() call for one order) counts once.
    if (seenOrder(properties.orderId)) return logDebug('purchase already recorded', properties.orderId)
    record(s, 'purchase', properties)
  })
}

/**
 * Records the visitor's consent choice, and remembers it across visits.
 * `consent(true)` starts tracking (with `requireConsent`, nothing is recorded
 * before it) and records a page view of the current page; `consent(false)`
 * stops tracking and deletes the stored ids, session and history.
 * @example
 * cookieBanner.onAccept(() => consent(true))
 */
export function consent(granted: boolean): void {
  guard('consent', () => {
    if (typeof granted !== 'boolean') return logWarning('consent(): expected true or false; ignored')
    const s = state
    const before = s && allowed(s)
    saveConsent(granted)
    if (!granted) {
      clearIdentity()
      clearSession()
      clearVisitor()
      clearOrders()
    }
    if (!s) return
    s.consent = granted
    if (granted && !before && s.options.autoPageviews) page()
  })
}

/**
 * Sends everything queued now, instead of waiting for the batch size or interval.
 * @example
 * await flush()
 */
export function flush(): Promise<void> {
  return state ? state.delivery.flush().catch(() => undefined) : Promise.resolve()
}

/**
 * Forgets the visitor: new anonymous id, no user id, new session, no journey history.
 * Call it on logout. Queued events are kept and still delivered.
 * @example
 * reset()
 */
export function reset(): void {
  guard('reset', () => {
    clearIdentity()
    clearSession()
    clearVisitor()
  })
}

/** Stops the tracker and removes its listeners (tests, hot module reload). Queued events stay queued. */
export function shutdown(): void {
  guard('shutdown', () => {
    state?.teardowns.forEach((teardown) => teardown())
    state?.delivery.stop()
    state = undefined
    early.length = 0
  })
}

const api: TrackerApi = { track, page, identify, flush, purchase, hashRouting: () => !!state?.options.hashRouting }
