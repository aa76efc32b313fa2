// @ts-check
/**
 * The journey map's figures, computed from touchpoint events by one pure
 * function, so the map page, the JSON API and the tests can never disagree.
 *
 * Definitions (the README repeats them):
 * - a visitor is an `anonymousId`;
 * - a visitor *reached* phase N when their furthest phase (in journey order) is N or later,
 *   so the funnel never grows: someone who bought without a recorded consideration
 *   touchpoint still counts as having passed consideration;
 * - a visitor *stopped* at phase N when N is their furthest phase;
 * - time between phases is from a visitor's first touchpoint in one phase to their first
 *   touchpoint in the next one (visitors who did the next phase first are left out).
 */

import { DEFAULT_PHASES } from '../../dist/schema.js'

/** @typedef {{ id: string, type: string, phase: string, anonymousId: string, sessionId: string, channel: string, time: number }} JourneyEvent */
/** @typedef {{ type: string, count: number, visitors: number }} TouchpointFigure */
/**
 * @typedef {object} PhaseFigure
 * @property {string} name
 * @property {number} events touchpoints in this phase
 * @property {number} visitors visitors with at least one touchpoint in this phase
 * @property {number} reached visitors whose furthest phase is this one or a later one
 * @property {number} stopped visitors whose furthest phase is this one
 * @property {number | null} conversion reached / reached of the previous phase (null for the first phase)
 * @property {TouchpointFigure[]} touchpoints by count, most first
 * @property {number} formStarts
 * @property {number} formAbandons
 * @property {number | null} abandonRate formAbandons / formStarts (null without form starts)
 * @property {number | null} medianToNextMs median time to the next phase (null for the last phase or no data)
 * @property {number} toNextVisitors how many visitors that median is computed over
 */
/** @typedef {{ kind: 'form_abandon' | 'drop_off', phase: string, visitors: number, count: number, rate: number | null, worst: boolean }} Friction */
/** @typedef {{ channel: string, visitors: number, converted: number | null }} ChannelFigure */
/**
 * @typedef {object} JourneyFigures
 * @property {{ visitors: number, sessions: number, events: number }} totals
 * @property {PhaseFigure[]} phases
 * @property {Friction[]} friction form abandons first, then drop-offs by rate, highest first
 * @property {ChannelFigure[]} channels channel of each visitor's first awareness touchpoint, most visitors first
 * @property {{ phase: string, events: number }[]} otherPhases events in phases outside the phase list
 */

/**
 * Median of a list of numbers (mean of the two middle ones for an even count), or null when empty.
 * @param {number[]} values
 * @returns {number | null}
 */
export function median(values) {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2
}

/** @param {Map<string, number>} map @param {string} key */
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1)

/**
 * Computes the journey map from the events of a time range.
 * @example
 * const figures = computeJourney(await store.events({ from, to }))
 * figures.phases.map((p) => [p.name, p.reached]) // [['awareness', 3000], ['consideration', 1700], ...]
 * @param {readonly JourneyEvent[]} events
 * @param {{ phases?: readonly string[] }} [options] the phases in journey order (default: the five default phases)
 * @returns {JourneyFigures}
 */
export function computeJourney(events, { phases = DEFAULT_PHASES } = {}) {
  const order = new Map(phases.map((phase, index) => [phase, index]))
  /** @type {Map<string, { first: number[], channel?: string }>} */
  const visitors = new Map()
  const sessions = new Set()
  const perPhase = phases.map(() => ({ events: 0, visitors: new Set(), types: new Map(), typeVisitors: new Map() }))
  /** @type {Map<string, number>} */
  const other = new Map()

  for (const event of [...events].sort((a, b) => a.time - b.time)) {
    sessions.add(event.sessionId)
    let visitor = visitors.get(event.anonymousId)
    if (!visitor) visitors.set(event.anonymousId, (visitor = { first: phases.map(() => Infinity) }))
    const index = order.get(event.phase)
    if (index === undefined) {
      bump(other, event.phase)
      continue
    }
    visitor.first[index] = Math.min(/** @type {number} */ (visitor.first[index]), event.time)
    if (index === 0 && visitor.channel === undefined) visitor.channel = event.channel
    const phase = /** @type {(typeof perPhase)[number]} */ (perPhase[index])
    phase.events += 1
    phase.visitors.add(event.anonymousId)
    bump(phase.types, event.type)
    if (!phase.typeVisitors.has(event.type)) phase.typeVisitors.set(event.type, new Set())
    phase.typeVisitors.get(event.type).add(event.anonymousId)
  }

  const reached = phases.map(() => 0)
  const stopped = phases.map(() => 0)
  /** @type {number[][]} */
  const gaps = phases.map(() => [])
  const conversionIndex = order.get('conversion')
  /** @type {Map<string, { visitors: number, converted: number }>} */
  const channels = new Map()
  for (const visitor of visitors.values()) {
    let furthest = visitor.first.length - 1
    while (furthest >= 0 && visitor.first[furthest] === Infinity) furthest--
    if (furthest < 0) continue
    stopped[furthest] = /** @type {number} */ (stopped[furthest]) + 1
    for (let i = 0; i <= furthest; i++) reached[i] = /** @type {number} */ (reached[i]) + 1
    for (let i = 0; i < phases.length - 1; i++) {
      const from = /** @type {number} */ (visitor.first[i])
      const to = /** @type {number} */ (visitor.first[i + 1])
      if (from !== Infinity && to !== Infinity && to >= from) /** @type {number[]} */ (gaps[i]).push(to - from)
    }
    if (visitor.channel !== undefined) {
      const figure = channels.get(visitor.channel) ?? { visitors: 0, converted: 0 }
      figure.visitors += 1
      if (conversionIndex !== undefined && furthest >= conversionIndex) figure.converted += 1
      channels.set(visitor.channel, figure)
    }
  }

  /** @type {PhaseFigure[]} */
  const phaseFigures = phases.map((name, i) => {
    const phase = /** @type {(typeof perPhase)[number]} */ (perPhase[i])
    const formStarts = phase.types.get('form_start') ?? 0
    const formAbandons = phase.types.get('form_abandon') ?? 0
    const previous = i > 0 ? /** @type {number} */ (reached[i - 1]) : 0
    const isLast = i === phases.length - 1
    return {
      name,
      events: phase.events,
      visitors: phase.visitors.size,
      reached: /** @type {number} */ (reached[i]),
      stopped: /** @type {number} */ (stopped[i]),
      conversion: i > 0 && previous > 0 ? /** @type {number} */ (reached[i]) / previous : null,
      touchpoints: [...phase.types]
        .map(([type, count]) => ({ type, count, visitors: phase.typeVisitors.get(type).size }))
        .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
      formStarts,
      formAbandons,
      abandonRate: formStarts ? formAbandons / formStarts : null,
      medianToNextMs: isLast ? null : median(/** @type {number[]} */ (gaps[i])),
      toNextVisitors: isLast ? 0 : /** @type {number[]} */ (gaps[i]).length,
    }
  })

  return {
    totals: { visitors: visitors.size, sessions: sessions.size, events: events.length },
    phases: phaseFigures,
    friction: friction(phaseFigures),
    channels: [...channels]
      .map(([channel, figure]) => ({ channel, visitors: figure.visitors, converted: conversionIndex === undefined ? null : figure.converted }))
      .sort((a, b) => b.visitors - a.visitors || a.channel.localeCompare(b.channel)),
    otherPhases: [...other].map(([phase, count]) => ({ phase, events: count })),
  }
}

/**
 * Where visitors get stuck: every phase with abandoned forms, and every phase but the
 * last with visitors who went no further (stopping after advocacy is not friction).
 * The drop-off with the highest rate is marked `worst`.
 * @param {PhaseFigure[]} phases
 * @returns {Friction[]}
 */
function friction(phases) {
  /** @type {Friction[]} */
  const abandons = phases
    .filter((p) => p.formAbandons > 0)
    .map((p) => ({ kind: /** @type {const} */ ('form_abandon'), phase: p.name, visitors: p.touchpoints.find((t) => t.type === 'form_abandon')?.visitors ?? 0, count: p.formAbandons, rate: p.abandonRate, worst: false }))
  /** @type {Friction[]} */
  const drops = phases
    .slice(0, -1)
    .filter((p) => p.stopped > 0)
    .map((p) => ({ kind: /** @type {const} */ ('drop_off'), phase: p.name, visitors: p.stopped, count: p.stopped, rate: p.stopped / p.reached, worst: false }))
    .sort((a, b) => /** @type {number} */ (b.rate) - /** @type {number} */ (a.rate))
  if (drops[0]) drops[0].worst = true
  return [...abandons, ...drops]
}
