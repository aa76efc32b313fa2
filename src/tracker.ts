/**
 * The tracker: builds touchpoint events from calls, assigns their phase with the
 * rules, runs beforeSend, and hands them to delivery. Every function here is an
 * entry point from the host page, so each one is guarded: nothing throws out.
 */
import { eventSchema, type TouchpointEvent } from './event'
import { logDebug, logError, logWarning, setDebug } from './log'
import { resolveOptions, type Options, type ResolvedOptions } from './options'
import type { TrackerApi } from './plugin'
import { uuid } from './uuid'
import { toJsonObject } from './json'
import { formatIssues } from './validation-error'
import { compileRules, type MatchContext } from './rules/match'
import { loadRules } from './rules/load'
import { createDelivery, type Delivery } from './delivery/queue'
import { classifyChannel, readCampaign } from './context/channel'
import { clearIdentity, loadIdentity, saveUserId } from './context/identity'
import { advanceVisitor, clearVisitor, loadVisitor, saveVisitor } from './context/journey-state'
import { DEFAULT_STRIP_PARAMS, readPage } from './context/page'
import { clearSession, touchSession, type Arrival } from './context/session'
import { setStorageMode } from './context/storage'
import { mayTrack, saveConsent } from './context/consent'
import { pageviews } from './capture/pageviews'
import { clearOrders, parseOrder, seenOrder, type Order } from './purchase'

type Pending = { event: TouchpointEvent; match: MatchContext }

interface State {
  options: ResolvedOptions
  delivery: Delivery
  resolvePhase?: (ctx: MatchContext) => string
  waitingForRules: Pending[]
  /** Where this page load came from; consumed by the first touchpoint. */
  arrival: Arrival
  currentUrl: string
  referrer: string
  /** Query parameters removed from every URL before it is stored. */
  strip: string[]
  teardowns: (() => void)[]
  /** The consent given on this page (also stored; kept here in case storage is blocked). */
  consent?: boolean
}

let state: State | undefined
/** Calls made before init(), replayed by init() in order (capped: a page that never calls init() must not grow memory). */
const early: Array<() => void> = []
const EARLY_LIMIT = 100
const INTERNAL: Arrival = { channel: 'internal' }

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
    const s: State = {
      options: opts,
      delivery: createDelivery(opts),
      waitingForRules: [],
      arrival: { channel: classifyChannel(query, document.referrer, location.hostname), campaign: readCampaign(query) },
      currentUrl: location.href,
      referrer: document.referrer,
      strip: [...DEFAULT_STRIP_PARAMS, ...opts.stripParams],
      teardowns: [],
    }
    state = s
    void loadRules(opts.rules).then((rules) => {
      if (state !== s) return
      s.resolvePhase = compileRules(rules)
      for (const pending of s.waitingForRules.splice(0)) finish(s, pending)
    })
    const plugins = opts.autoPageviews ? [pageviews({ hashRouting: opts.hashRouting }), ...opts.plugins] : opts.plugins
    for (const plugin of plugins) {
      const teardown = guard('plugin', () => plugin(api))
      if (typeof teardown === 'function') s.teardowns.push(teardown)
    }
    for (const call of early.splice(0)) call()
  })
}

function record(type: string, properties: unknown, element?: Element): void {
  const s = state
  if (!s) return deferUntilInit(() => record(type, properties, element))
  if (typeof type !== 'string' || !type) return logWarning('track(): the touchpoint type must be a non-empty string; event dropped')
  // Without consent nothing is queued and nothing is stored: no ids, no session, no history.
  if (!allowed(s)) return logDebug('no consent: not recorded', type)
  const props = toJsonObject(properties)
  if (!props) return logWarning(`track("${type}"): properties must be a plain JSON object; event dropped`)
  const now = Date.now()
  const session = touchSession(now, s.arrival, s.options.sessionTimeout)
  s.arrival = INTERNAL
  const visitor = loadVisitor()
  if (session.isNew) {
    visitor.sessions += 1
    visitor.firstChannel ??= session.channel
  }
  const identity = loadIdentity()
  const pageContext = readPage(s.referrer, s.strip)
  const event: TouchpointEvent = {
    id: uuid(),
    type,
    phase: '',
    anonymousId: identity.anonymousId,
    ...(identity.userId ? { userId: identity.userId } : {}),
    sessionId: session.id,
    timestamp: new Date(now).toISOString(),
    page: pageContext,
    channel: session.channel,
    ...(session.campaign ? { campaign: session.campaign } : {}),
    properties: props,
  }
  const match: MatchContext = {
    type,
    path: location.pathname,
    query: new URL(pageContext.url).searchParams,
    channel: session.channel,
    referrerHost: hostOf(pageContext.referrer),
    properties: props,
    element,
    visitor: { ...visitor, reached: [...visitor.reached] },
  }
  // Facts that do not depend on the phase are saved now, so the next touchpoint sees them even while rules load.
  saveVisitor({ ...visitor, purchases: visitor.purchases + (type === 'purchase' ? 1 : 0), identified: visitor.identified || type === 'identify' })
  if (s.resolvePhase) finish(s, { event, match })
  else s.waitingForRules.push({ event, match })
}

function finish(s: State, { event, match }: Pending): void {
  const visitor = loadVisitor()
  // Touchpoints that waited for the rules see the phases their predecessors reached (finished in order, just before).
  match.visitor.reached = visitor.reached
  event.phase = s.resolvePhase!(match)
  if (allowed(s) && !visitor.reached.includes(event.phase)) saveVisitor({ ...visitor, reached: [...visitor.reached, event.phase] })
  let final: TouchpointEvent | null | false | undefined = event
  if (s.options.beforeSend) {
    try {
      final = s.options.beforeSend(event)
    } catch (error) {
      logWarning(`beforeSend threw (${(error as Error)?.message}); the event is sent unchanged`)
      final = event
    }
    if (!final) return logDebug('dropped by beforeSend', event.type)
  }
  const valid = eventSchema.safeParse(final)
  if (!valid.success) return logWarning(`event "${event.type}" dropped: ${formatIssues(valid.error.issues)}`)
  logDebug(valid.data.type, '→', valid.data.phase, valid.data)
  s.delivery.enqueue(valid.data)
}

function allowed(s: State): boolean {
  return mayTrack(s.options, s.consent)
}

function hostOf(href: string): string {
  try {
    return href ? new URL(href).hostname : ''
  } catch {
    return ''
  }
}

/**
 * Records a touchpoint. `type` is one of the built-in kinds or any custom name.
 * @example
 * track('newsletter_signup', { list: 'weekly' })
 */
export function track(type: string, properties?: Record<string, unknown>, element?: Element): void {
  guard('track', () => record(type, properties, element))
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
    record('page_view', properties)
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
    record('identify', traits)
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
    record('purchase', properties)
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

const api: TrackerApi = { track, page, identify, flush }
