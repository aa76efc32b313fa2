/**
 * One touchpoint's way through the tracker: built from a call with its context,
 * given a phase by the rules (possibly after they load), passed through
 * beforeSend, checked against the event schema, and handed to delivery.
 */
import { eventSchema, type TouchpointEvent } from './contract/event'
import { logDebug, logWarning } from './log'
import type { ResolvedOptions } from './options'
import { uuid } from './uuid'
import { toJsonObject } from './json'
import { formatIssues } from './contract/format-issues'
import type { MatchContext } from './rules/match'
import type { Delivery } from './delivery/queue'
import { loadIdentity } from './context/identity'
import { loadVisitor, saveVisitor } from './context/journey-state'
import { readPage } from './context/page'
import { touchSession, type Arrival } from './context/session'
import { hostOf } from './context/channel'
import { mayTrack } from './context/consent'

/** A touchpoint built but not yet given its phase. */
export type Pending = { event: TouchpointEvent; match: MatchContext }

/** The running tracker. */
export interface State {
  options: ResolvedOptions
  delivery: Delivery
  resolvePhase?: (ctx: MatchContext) => string
  waitingForRules: Pending[]
  /** Where this page load came from; consumed by the first touchpoint. */
  arrival: Arrival
  currentUrl: string
  referrer: string
  /** Query parameters removed from every URL before it is stored (lower case). */
  blocked: Set<string>
  teardowns: (() => void)[]
  /** The consent given on this page (also stored; kept here in case storage is blocked). */
  consent?: boolean
}

const INTERNAL: Arrival = { channel: 'internal' }

/** Builds a touchpoint from a call and sends it on its way (now, or once the rules have loaded). */
export function record(s: State, type: string, properties: unknown, element?: Element): void {
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
  const pageContext = readPage(s.referrer, s.blocked, s.options.hashRouting)
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
    path: pageContext.path,
    query: queryOf(pageContext.url),
    channel: session.channel,
    referrerHost: hostOf(pageContext.referrer),
    properties: props,
    element,
    visitor: { ...visitor, reached: [...visitor.reached] },
  }
  // Facts that do not depend on the phase are saved now, so the next touchpoint sees them even while rules load.
  if (session.isNew || type === 'purchase' || type === 'identify') {
    saveVisitor({ ...visitor, purchases: visitor.purchases + (type === 'purchase' ? 1 : 0), identified: visitor.identified || type === 'identify' })
  }
  if (s.resolvePhase) finish(s, { event, match })
  else s.waitingForRules.push({ event, match })
}

/**
 * Gives a built touchpoint its phase (from the loaded rules, or the resolver
 * given) and hands it to delivery, unless beforeSend drops it. A touchpoint
 * recorded with consent is sent even if consent is withdrawn while it waits for
 * the rules, like those already queued; only the visitor state is no longer written.
 */
export function finish(s: State, { event, match }: Pending, fallback?: (ctx: MatchContext) => string): void {
  const visitor = loadVisitor()
  // Touchpoints that waited for the rules see the phases their predecessors reached (finished in order, just before).
  match.visitor.reached = visitor.reached
  event.phase = (fallback ?? s.resolvePhase!)(match)
  const final = s.options.beforeSend ? runBeforeSend(s.options.beforeSend, event) : event
  if (!final) return
  // A fallback phase comes from the default rules' vocabulary: sent, but not remembered as reached.
  if (!fallback && allowed(s) && !visitor.reached.includes(final.phase)) saveVisitor({ ...visitor, reached: [...visitor.reached, final.phase] })
  logDebug(final.type, '→', final.phase, final)
  s.delivery.enqueue(final)
}

/** Finishes every waiting touchpoint, in order; one that fails is reported and does not hold up the others. */
export function finishWaiting(s: State, fallback?: (ctx: MatchContext) => string): void {
  for (const pending of s.waitingForRules.splice(0)) {
    try {
      finish(s, pending, fallback)
    } catch (error) {
      logWarning(`event "${pending.event.type}" dropped: ${(error as Error)?.message}`)
    }
  }
}

/**
 * Events built here are valid by construction; what a beforeSend hook returns is
 * not, so it is copied to plain JSON (no functions, BigInt or cycles reach the
 * queue) and checked against the event schema.
 */
function runBeforeSend(hook: NonNullable<ResolvedOptions['beforeSend']>, event: TouchpointEvent): TouchpointEvent | undefined {
  let result: unknown
  try {
    result = hook(event)
  } catch (error) {
    logWarning(`beforeSend threw (${(error as Error)?.message}); the event is sent unchanged`)
    result = event
  }
  if (!result) {
    logDebug('dropped by beforeSend', event.type)
    return undefined
  }
  const valid = eventSchema.safeParse(toJsonObject(result))
  if (valid.success) return valid.data
  logWarning(`event "${event.type}" dropped: ${formatIssues(valid.error.issues)}`)
  return undefined
}

/** Whether consent, opt-out and browser privacy signals let this tracker record. */
export function allowed(s: State): boolean {
  return mayTrack(s.options, s.consent)
}

let lastUrl = ''
let lastQuery = new URLSearchParams()
/** The query of the page URL, parsed once per page rather than once per touchpoint. */
function queryOf(url: string): URLSearchParams {
  if (url !== lastUrl) {
    lastUrl = url
    lastQuery = new URL(url).searchParams
  }
  return lastQuery
}
