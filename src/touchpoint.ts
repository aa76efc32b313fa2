/**
 * One touchpoint's way through the tracker. track() only takes a snapshot (type,
 * a JSON copy of the properties, time, URL, title, element) and returns; at the end
 * of the calling task, or at once when the page is hidden, the snapshots are built into events:
 * given their context and phase, passed through beforeSend, and queued together.
 * Calls that change who the visitor is (identify, reset, an opt-out) wait in the
 * same line, so every event is built with the identity it was recorded under.
 */
import type { TouchpointEvent } from './contract/event'
import { isNonEmptyString, LIMITS } from './contract/limits'
import { parse, stringify } from './builtins'
import { propertiesProblem } from './contract/properties'
import { eventShape } from './check/shapes'
import { describeIssues, validate } from './check/validate'
import { guard, logDebug, logWarning, quiet } from './log'
import type { ResolvedOptions } from './options'
import { uuid } from './uuid'
import type { MatchContext } from './rules/match'
import type { Delivery } from './delivery/queue'
import { loadIdentity } from './context/identity'
import { loadVisitor, saveVisitor } from './context/journey-state'
import { readPage } from './context/page'
import { touchSession, type Arrival } from './context/session'
import { hostOf } from './context/channel'
import { mayTrack } from './context/consent'
import { rememberOrder } from './context/orders'

/** What track() keeps of a call; the event is built from it later. */
export interface Snapshot {
  /** The public method that recorded it: 'track', 'page', 'identify' or 'purchase'. */
  call: string
  type: string
  json: string
  at: number
  href: string
  title: string
  referrer: string
  element?: Element
}

/** When and where a page view began, for a capture that records it later (see `page()`). */
export interface View {
  at: number
  href: string
  /** The title it settled on, when the capture knows it better than document.title does now. */
  title?: string
}

/** The running tracker. */
export interface State {
  opts: ResolvedOptions
  queue: Delivery
  /** The site's rules, compiled; undefined while they load. */
  phaseOf?: (ctx: MatchContext) => string
  /** Snapshots and identity changes, in call order, waiting to be built. */
  pending: (Snapshot | (() => void))[]
  /** A build is scheduled for the end of the current task. */
  building?: boolean
  /** Where this page load came from; consumed by the first touchpoint. */
  arrival: Arrival
  url: string
  referrer: string
  /** Query parameters removed from every URL before it is stored (lower case). */
  blocked: Set<string>
  teardowns: (() => void)[]
}

/**
 * The phase of the latest touchpoint built with the site's rules on this page (getPhase), and,
 * once onPhase was called, who to tell: `first` when it reached its phase for the first time,
 * `known` the phase before it.
 */
export const phases: { now?: string; tell?: (phase: string, first: boolean, known?: string) => unknown } = {}

let lastUrl: string | undefined
let lastQuery: URLSearchParams
/** The query of a page URL, parsed once per page rather than once per touchpoint. */
const queryOf = (url: string) => (url == lastUrl ? lastQuery : ((lastUrl = url), (lastQuery = new URL(url).searchParams)))

/** Whether consent, opt-out and browser privacy signals let this tracker record. */
export const allowed = (s: State): boolean => mayTrack(s.opts)

/** The warning that a call's event was dropped, naming the call as the site wrote it: `track("signup"): …; event dropped`, `page(): …`. */
export const dropped = (call: string, type: unknown, problem: string) => logWarning(`${call == 'track' ? `track("${type}")` : `${call}()`}: ${problem}; event dropped`)

/** The time and page of a call made before init(), while init() replays it. */
export let early: View | undefined
/** Runs a call made before init() as made at `view` (the calls are guarded: `run` never throws). */
export const replay = (view: View | undefined, run: () => void): void => void ((early = view), run(), (early = undefined))

/** Takes the snapshot of a call (the synchronous part of track()); false when nothing was recorded. */
export function record(s: State, call: string, type: unknown, properties: unknown, element?: Element, view = early): boolean | void {
  if (!isNonEmptyString(type, LIMITS.type)) return dropped(call, type, `type must be a string of 1 to ${LIMITS.type} characters`)
  // Without consent nothing is queued and nothing is stored: no ids, no session, no history.
  if (!allowed(s)) return false
  let json
  try {
    json = properties == null ? '{}' : stringify(properties)
  } catch (error) {
    // Name the property that cannot be sent (a cycle, a BigInt), so the site owner can find it.
    const bad = Object.keys(properties as object).find((key) => !quiet(() => stringify((properties as Record<string, unknown>)[key]) || 1))
    return dropped(call, type, `properties${bad ? '.' + bad : ''} cannot be sent as JSON (${(error as Error)?.message})`)
  }
  if (json?.[0] != '{') return dropped(call, type, 'properties must be a plain object')
  // document.URL is location.href (a Location's URL is its document's) without Location's per-read cost:
  // in Chromium 0.03–0.15 µs against 0.3–2 µs, which had been most of a track() call.
  s.pending.push({ call, type, json, at: view?.at || Date.now(), href: view?.href ?? document.URL, title: view?.title ?? document.title, referrer: s.referrer, element })
  // Built in a microtask, not a timer: the calls of one task are still built together, the event reaches
  // IndexedDB without waiting for another task, and an idle page is not woken once more per event.
  if (!s.building) (s.building = true), queueMicrotask(() => guard('build', () => drain(s)))
  return true
}

/**
 * Applies an identity change after the snapshots taken before it: at once (they are
 * built first), or, while the rules load, in line behind them.
 */
export function inLine(s: State, change: () => void): void {
  drain(s)
  s.pending.length ? s.pending.push(change) : change()
}

/**
 * Builds every waiting snapshot, in order. `fallback` gives phases while the rules
 * have not loaded (page hide: better the default rules' phases than a lost event).
 */
export function drain(s: State, fallback?: (ctx: MatchContext) => string): void {
  s.building = false
  const phaseOf = s.phaseOf ?? fallback
  if (phaseOf) for (const item of s.pending.splice(0)) guard(typeof item == 'function' ? 'identity change' : item.type, () => (typeof item == 'function' ? item() : build(s, item, phaseOf)))
}

function build(s: State, snap: Snapshot, phaseOf: (ctx: MatchContext) => string): void {
  const { call, type, at } = snap
  const properties = parse(snap.json)
  const problem = propertiesProblem(properties, snap.json)
  if (problem) return dropped(call, type, `properties ${problem}`)
  const { opts } = s
  // A provisional phase (default rules while the site's rules load) is sent but not remembered as reached:
  // it is not in the site's vocabulary.
  const provisional = !s.phaseOf
  const session = touchSession(at, s.arrival, opts.sessionTimeout)
  s.arrival = { channel: 'internal' }
  const visitor = loadVisitor()
  if (session.isNew) {
    visitor.sessions++
    visitor.firstChannel ??= session.channel
    saveVisitor(visitor)
  }
  const page = readPage(snap.href, snap.title, snap.referrer, s.blocked, opts.hashRouting)
  const { channel, campaign } = session
  let event: TouchpointEvent | undefined = {
    id: uuid(),
    type,
    phase: phaseOf({
      type,
      path: page.path,
      query: queryOf(page.url),
      channel,
      referrerHost: hostOf(page.referrer),
      properties,
      element: snap.element,
      // Given as it is, not copied: the compiled rules only read it, and it changes only after they ran.
      visitor,
    }),
    // anonymousId, and userId once identified
    ...loadIdentity(),
    sessionId: session.id,
    timestamp: new Date(at).toISOString(),
    page,
    channel,
    ...(campaign && { campaign }),
    properties,
  }
  if (opts.beforeSend) event = runBeforeSend(opts.beforeSend, event, call)
  if (!event || !s.queue.enqueue(event)) return
  const { phase } = event
  logDebug(event.type, '→', phase, event)
  // What the visitor did counts once its touchpoint is queued.
  const reached = !provisional && !visitor.reached.includes(phase)
  if (reached) visitor.reached.push(phase)
  if (type == 'purchase') {
    visitor.purchases++
    rememberOrder(properties.orderId)
  }
  if (type == 'identify') visitor.identified = true
  if (reached || type == 'purchase' || type == 'identify') saveVisitor(visitor)
  if (!provisional) {
    const known = phases.now
    phases.now = phase
    phases.tell?.(phase, reached, known)
  }
}

/** Whether a beforeSend hook was seen returning nothing (said once per page). */
let saidUndefined = false

/**
 * Events built here are valid by construction; what a beforeSend hook returns is
 * not, so it is copied to plain JSON (no functions, BigInt or cycles reach the
 * queue) and checked against the event shape.
 */
function runBeforeSend(hook: NonNullable<ResolvedOptions['beforeSend']>, event: TouchpointEvent, call: string): TouchpointEvent | undefined {
  let result: unknown = event
  try {
    result = hook(event)
  } catch (error) {
    logWarning(`beforeSend threw (${(error as Error)?.message}); event sent unchanged`)
  }
  // Nothing returned drops, as null does: a filter written `e => { if (ok(e)) return e }` must not start sending
  // what it kept out. But it is said once, so a hook that only forgot its `return` is not a silent loss of everything.
  if (result === undefined && !saidUndefined) (saidUndefined = true), logWarning('beforeSend returned nothing: events dropped (return the event to send it, null to drop it)')
  if (!result) return void logDebug('dropped by beforeSend', event.type)
  let copy
  try {
    copy = parse(stringify(result))
  } catch (error) {
    return void dropped(call, event.type, `beforeSend returned what is not JSON (${(error as Error)?.message})`)
  }
  const issues = validate(eventShape, copy)
  if (!issues.length) return copy
  dropped(call, event.type, `beforeSend returned an invalid event (${describeIssues(issues)})`)
}
