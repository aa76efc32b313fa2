// @ts-check
/**
 * The executable definition of the journey map: plain JavaScript over stored
 * events, slow and obvious. Stores compute the same aggregates in SQL; the tests
 * compare both on a shared fixture. Nothing in the collector calls this.
 */
import { DEFAULT_GOAL, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, QUANTILES, histogramBucket, nearestRank, trendBucket, trendUnit } from './definitions.js'
import { propertyPair, propertyPairs, revenueOf, stepLabel } from './touchpoint.js'
import { assembleFigures } from './assemble.js'

/**
 * The person each anonymousId belongs to: the first userId received with it (in insert
 * order; within a batch the earliest event). Ids never linked stay themselves.
 * @param {readonly import('../stores/store.js').StoredEvent[]} rows in insert order
 * @returns {Map<string, string>} anonymousId → userId
 */
export function linkIdentities(rows) {
  /** @type {Map<string, string>} */
  const links = new Map()
  for (const { event } of rows) if (event.userId && !links.has(event.anonymousId)) links.set(event.anonymousId, event.userId)
  return links
}

/**
 * The map's figures, by definition.
 * @example
 * referenceFigures(rows, { from: 0, to: Date.now(), phases: ['awareness', 'consideration'] })
 * @param {readonly import('../stores/store.js').StoredEvent[]} rows every stored event, in insert order
 * @param {import('../stores/store.js').FigureQuery} query
 * @returns {import('../stores/store.js').JourneyFigures}
 */
export function referenceFigures(rows, query) {
  return assembleFigures(referenceAggregates(rows, query), query)
}

/** @param {number[]} values */
const sortedNumbers = (values) => [...values].sort((a, b) => a - b)
/** @param {{ occurredAt: number, event: { id: string } }} a @param {{ occurredAt: number, event: { id: string } }} b */
const byTime = (a, b) => a.occurredAt - b.occurredAt || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0)
/** @template K @param {Map<K, number>} map @param {K} key @param {number} [by] */
const bump = (map, key, by = 1) => map.set(key, (map.get(key) ?? 0) + by)

/**
 * The aggregates a store's SQL returns (see assemble.js), computed in JavaScript.
 * @param {readonly import('../stores/store.js').StoredEvent[]} rows
 * @param {import('../stores/store.js').FigureQuery} query
 * @returns {import('./assemble.js').Aggregates}
 */
export function referenceAggregates(rows, query) {
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const links = linkIdentities(rows)
  const personOf = (/** @type {string} */ anonymousId) => links.get(anonymousId) ?? anonymousId
  const order = new Map(phases.map((phase, index) => [phase, index]))
  const phaseOf = (/** @type {string} */ phase) => order.get(phase) ?? -1

  const seen = new Set()
  // Stored once per id: a retried event keeps what was stored first.
  const unique = rows.filter((r) => !seen.has(r.event.id) && seen.add(r.event.id))
  const inRange = unique
    .filter((r) => r.occurredAt >= from && r.occurredAt < to && !INTERNAL_TYPES.includes(r.event.type) && (includeBots || !r.bot))
    .sort(byTime)
  /** @type {Map<string, typeof inRange>} */
  const byPerson = new Map()
  for (const row of inRange) {
    const person = personOf(row.event.anonymousId)
    byPerson.get(person)?.push(row) ?? byPerson.set(person, [row])
  }
  const property = filters.property && propertyPair(filters.property.name, filters.property.value)
  for (const [person, list] of byPerson) {
    const keep =
      (!filters.channel || list.some((r) => r.event.channel === filters.channel)) &&
      (!filters.campaign || list.some((r) => r.event.campaign?.name === filters.campaign)) &&
      (!filters.type || list.some((r) => r.event.type === filters.type)) &&
      (!filters.firstChannel || list[0]?.event.channel === filters.firstChannel) &&
      (!property || list.some((r) => propertyPairs(r.event.properties).includes(property)))
    if (!keep) byPerson.delete(person)
  }

  const sessions = new Set()
  let events = 0
  /** @type {Map<string, number>} */ const people = new Map()
  const perPhase = phases.map(() => ({ visitors: 0, events: 0, afterGoal: 0, formStarts: 0, formAbandons: 0 }))
  /** @type {Map<string, { count: number, visitors: number }>} */ const touchpoints = new Map()
  /** @type {Map<number, number[]>} */ const durations = new Map()
  /** @type {Map<string, { visitors: number, converted: number }>} */ const channels = new Map()
  /** @type {Map<string, { visitors: number, converted: number }>} */ const campaigns = new Map()
  /** @type {Map<string, { cents: number, purchases: number }>} */ const revenue = new Map()
  /** @type {Map<string, number>} */ const trend = new Map()
  /** @type {Map<string, number>} */ const paths = new Map()
  /** @type {Map<string, number>} */ const other = new Map()
  /** @type {{ visitor: string, userId: string | null, lastSeen: number, furthest: number }[]} */ const latest = []
  const unit = trendUnit(query)
  const addRevenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {{ cents: number, currency: string }} */ r) => {
    const entry = revenue.get(JSON.stringify([scope, key, r.currency])) ?? { cents: 0, purchases: 0 }
    entry.cents += r.cents
    entry.purchases += 1
    revenue.set(JSON.stringify([scope, key, r.currency]), entry)
  }

  for (const [person, list] of byPerson) {
    const first = /** @type {(typeof list)[number]} */ (list[0])
    const firstAt = phases.map(() => Infinity)
    const goalAt = list.find((r) => goal.includes(r.event.type))?.occurredAt ?? Infinity
    const converted = goalAt !== Infinity
    const channel = first.event.channel
    const campaign = list.find((r) => r.event.campaign?.name)?.event.campaign?.name
    /** @type {Map<number, Set<string>>} */ const typesIn = new Map()
    /** @type {Set<number>} */ const after = new Set()
    for (const row of list) {
      const { event } = row
      sessions.add(event.sessionId)
      events += 1
      const index = phaseOf(event.phase)
      const money = revenueOf(event)
      if (money) {
        addRevenue('goal', '', money)
        addRevenue('channel', channel, money)
        if (campaign) addRevenue('campaign', campaign, money)
        if (index >= 0) addRevenue('phase', String(index), money)
      }
      if (index < 0) {
        bump(other, event.phase)
        continue
      }
      firstAt[index] = Math.min(/** @type {number} */ (firstAt[index]), row.occurredAt)
      const phaseRow = /** @type {(typeof perPhase)[number]} */ (perPhase[index])
      phaseRow.events += 1
      if (row.occurredAt > goalAt) after.add(index)
      typesIn.get(index)?.add(event.type) ?? typesIn.set(index, new Set([event.type]))
      const key = JSON.stringify([index, event.type])
      const figure = touchpoints.get(key) ?? { count: 0, visitors: 0 }
      figure.count += 1
      touchpoints.set(key, figure)
    }
    for (const [index, types] of typesIn) {
      const phase = /** @type {(typeof perPhase)[number]} */ (perPhase[index])
      phase.visitors += 1
      if (after.has(index)) phase.afterGoal += 1
      if (types.has('form_start')) phase.formStarts += 1
      if (types.has('form_start') && types.has('form_abandon') && !converted) phase.formAbandons += 1
      for (const type of types) {
        const figure = /** @type {{ visitors: number }} */ (touchpoints.get(JSON.stringify([index, type])))
        figure.visitors += 1
      }
      bump(trend, JSON.stringify([trendBucket(/** @type {number} */ (firstAt[index]), unit), index]))
    }
    let furthest = phases.length - 1
    while (furthest >= 0 && firstAt[furthest] === Infinity) furthest--
    bump(people, JSON.stringify([furthest, converted]))
    for (let i = 0; i + 1 < phases.length; i++) {
      const a = /** @type {number} */ (firstAt[i])
      const b = /** @type {number} */ (firstAt[i + 1])
      if (a !== Infinity && b !== Infinity && b >= a) durations.get(i)?.push(b - a) ?? durations.set(i, [b - a])
    }
    if (converted) durations.get(-1)?.push(goalAt - first.occurredAt) ?? durations.set(-1, [goalAt - first.occurredAt])
    for (const [map, key] of /** @type {const} */ ([[channels, channel], [campaigns, campaign]])) {
      if (key === undefined) continue
      const entry = map.get(key) ?? { visitors: 0, converted: 0 }
      entry.visitors += 1
      if (converted) entry.converted += 1
      map.set(key, entry)
    }
    if (furthest >= 0 && !converted) bump(paths, JSON.stringify([furthest, list.slice(-PATH_STEPS).map((r) => stepLabel(r.event)).join('\u001f')]))
    latest.push({ visitor: person, userId: links.has(first.event.anonymousId) ? person : null, lastSeen: /** @type {(typeof list)[number]} */ (list.at(-1)).occurredAt, furthest })
  }

  const parse = (/** @type {string} */ key) => JSON.parse(key)
  return {
    totals: { visitors: byPerson.size, sessions: sessions.size, events },
    people: [...people].map(([key, visitors]) => ({ furthest: parse(key)[0], converted: parse(key)[1], visitors })),
    phases: perPhase.map((p, phase) => ({ phase, ...p })),
    touchpoints: [...touchpoints].map(([key, f]) => ({ phase: parse(key)[0], type: parse(key)[1], ...f })),
    durations: [...durations].map(([phase, values]) => {
      const sorted = sortedNumbers(values)
      const [p25, p50, p90] = QUANTILES.map((q) => nearestRank(sorted, q))
      return { phase, visitors: sorted.length, p25: p25 ?? null, p50: p50 ?? null, p90: p90 ?? null }
    }),
    histogram: [...durations].flatMap(([phase, values]) => {
      /** @type {Map<number, number>} */ const buckets = new Map()
      for (const ms of values) bump(buckets, histogramBucket(ms))
      return [...buckets].map(([bucket, visitors]) => ({ phase, bucket, visitors }))
    }),
    channels: [...channels].map(([channel, f]) => ({ channel, ...f })),
    campaigns: [...campaigns].map(([campaign, f]) => ({ campaign, ...f })),
    revenue: [...revenue].map(([key, r]) => ({ scope: parse(key)[0], key: parse(key)[1], currency: parse(key)[2], ...r })),
    trend: [...trend].map(([key, visitors]) => ({ bucket: parse(key)[0], phase: parse(key)[1], visitors })),
    paths: [...paths]
      .map(([key, visitors]) => ({ phase: parse(key)[0], steps: parse(key)[1], visitors }))
      .sort((a, b) => a.phase - b.phase || b.visitors - a.visitors || (a.steps < b.steps ? -1 : a.steps > b.steps ? 1 : 0))
      .filter((p, i, all) => all.findIndex((q) => q.phase === p.phase) > i - PATHS_PER_PHASE),
    otherPhases: [...other].map(([phase, events]) => ({ phase, events })),
    latest: latest.sort((a, b) => b.lastSeen - a.lastSeen || (a.visitor < b.visitor ? -1 : 1)).slice(0, LATEST_VISITORS),
  }
}
