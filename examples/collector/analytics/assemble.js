// @ts-check
/**
 * Turns the aggregates a store computed (small tables of counts, never events)
 * into the map's JSON: rates, orderings, the friction list. Shared by every store
 * and by the reference, so the arithmetic on top of the SQL exists once.
 */
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, trendUnit } from './definitions.js'

/**
 * What a store's SQL answers for one FigureQuery. Phases are indexes into `query.phases`;
 * `-1` is "no listed phase" (people.furthest) or "time to goal" (durations, histogram).
 * @typedef {object} Aggregates
 * @property {{ visitors: number, sessions: number, events: number }} totals
 * @property {{ furthest: number, converted: boolean, visitors: number }[]} people visitors per furthest phase and goal reached
 * @property {{ phase: number, visitors: number, events: number, afterGoal: number, formStarts: number, formAbandons: number }[]} phases
 * @property {{ phase: number, type: string, count: number, visitors: number }[]} touchpoints
 * @property {{ phase: number, visitors: number, p25: number | null, p50: number | null, p90: number | null }[]} durations
 * @property {{ phase: number, bucket: number, visitors: number }[]} histogram
 * @property {{ channel: string, visitors: number, converted: number }[]} channels
 * @property {{ campaign: string, visitors: number, converted: number }[]} campaigns
 * @property {{ scope: 'goal' | 'phase' | 'channel' | 'campaign', key: string, currency: string, cents: number, purchases: number }[]} revenue
 * @property {{ bucket: number, phase: number, visitors: number }[]} trend
 * @property {{ phase: number, steps: string, visitors: number }[]} paths top sequences per phase (steps joined by U+001F), best first
 * @property {{ phase: string, events: number }[]} otherPhases
 * @property {{ visitor: string, userId: string | null, lastSeen: number, furthest: number }[]} latest newest first
 */

const text = (/** @type {string} */ a, /** @type {string} */ b) => (a < b ? -1 : a > b ? 1 : 0)
const ratio = (/** @type {number} */ a, /** @type {number} */ b) => (b > 0 ? a / b : null)

/**
 * The map's JSON from a store's aggregates.
 * @example
 * const figures = assembleFigures(await aggregatesFromSql(query), query)
 * @param {Aggregates} raw
 * @param {import('../stores/store.js').FigureQuery} query
 * @returns {import('../stores/store.js').JourneyFigures}
 */
export function assembleFigures(raw, query) {
  const { phases } = query
  const agg = normalize(raw)
  const num = (/** @type {unknown} */ v) => Number(v ?? 0)
  /** @type {(scope: string, key: string) => import('../stores/store.js').Revenue[]} */
  const revenueOf = (scope, key) =>
    agg.revenue
      .filter((r) => r.scope === scope && String(r.key) === key)
      .map((r) => ({ currency: r.currency, amount: num(r.cents) / 100, purchases: num(r.purchases) }))
      .sort((a, b) => text(a.currency, b.currency))
  /** @param {number} phase @returns {import('../stores/store.js').Distribution} */
  const distribution = (phase) => {
    const d = agg.durations.find((x) => x.phase === phase)
    const q = (/** @type {number | null | undefined} */ v) => (v === null || v === undefined ? null : Number(v))
    return {
      visitors: num(d?.visitors),
      p25: q(d?.p25),
      p50: q(d?.p50),
      p90: q(d?.p90),
      histogram: [...HISTOGRAM_BOUNDS, null].map((upToMs, bucket) => ({
        upToMs,
        visitors: num(agg.histogram.find((h) => h.phase === phase && h.bucket === bucket)?.visitors),
      })),
    }
  }
  const people = (/** @type {(p: { furthest: number, converted: boolean }) => boolean} */ which) =>
    agg.people.filter(which).reduce((sum, p) => sum + num(p.visitors), 0)
  const converted = people((p) => p.converted)

  const phaseFigures = phases.map((name, i) => {
    const row = agg.phases.find((p) => p.phase === i)
    const reached = people((p) => p.furthest >= i)
    const before = i > 0 ? people((p) => p.furthest >= i - 1) : 0
    const stoppedBeforeGoal = people((p) => p.furthest === i && !p.converted)
    const formStarts = num(row?.formStarts)
    const formAbandons = num(row?.formAbandons)
    return {
      name,
      events: num(row?.events),
      visitors: num(row?.visitors),
      reached,
      conversion: i > 0 ? ratio(reached, before) : null,
      stopped: people((p) => p.furthest === i),
      stoppedBeforeGoal,
      dropOffRate: ratio(stoppedBeforeGoal, reached),
      afterGoal: num(row?.afterGoal),
      touchpoints: agg.touchpoints
        .filter((t) => t.phase === i)
        .map((t) => ({ type: t.type, count: num(t.count), visitors: num(t.visitors) }))
        .sort((a, b) => b.count - a.count || text(a.type, b.type)),
      formStarts,
      formAbandons,
      abandonRate: ratio(formAbandons, formStarts),
      toNext: i < phases.length - 1 ? distribution(i) : null,
      revenue: revenueOf('phase', String(i)),
    }
  })

  const abandons = phaseFigures
    .filter((p) => p.formAbandons > 0)
    .map((p) => ({ kind: /** @type {const} */ ('form_abandon'), phase: p.name, visitors: p.formAbandons, rate: p.abandonRate, worst: false }))
  const drops = phaseFigures
    .filter((p) => p.stoppedBeforeGoal > 0)
    .map((p) => ({ kind: /** @type {const} */ ('drop_off'), phase: p.name, visitors: p.stoppedBeforeGoal, rate: p.dropOffRate, worst: false }))
    .sort((a, b) => num(b.rate) - num(a.rate))
  if (drops[0]) drops[0].worst = true

  const attributed = (/** @type {'channel' | 'campaign'} */ scope, /** @type {{ key: string, visitors: number, converted: number }[]} */ rows) =>
    rows
      .map((r) => ({ [scope]: r.key, visitors: num(r.visitors), converted: num(r.converted), conversion: ratio(num(r.converted), num(r.visitors)), revenue: revenueOf(scope, r.key) }))
      .sort((a, b) => b.visitors - a.visitors || text(String(a[scope]), String(b[scope])))

  const unit = trendUnit(query)
  const buckets = [...new Set(agg.trend.map((t) => num(t.bucket)))].sort((a, b) => a - b)

  return {
    totals: { visitors: num(agg.totals.visitors), sessions: num(agg.totals.sessions), events: num(agg.totals.events) },
    goal: { types: [...(query.goal ?? DEFAULT_GOAL)], visitors: converted, rate: ratio(converted, num(agg.totals.visitors)), timeToGoal: distribution(-1), revenue: revenueOf('goal', '') },
    phases: phaseFigures,
    friction: [...abandons, ...drops],
    channels: /** @type {any} */ (attributed('channel', agg.channels.map((c) => ({ key: c.channel, visitors: c.visitors, converted: c.converted })))),
    campaigns: /** @type {any} */ (attributed('campaign', agg.campaigns.map((c) => ({ key: c.campaign, visitors: c.visitors, converted: c.converted })))),
    trend: {
      unit,
      buckets: buckets.map((bucket) => ({
        start: new Date(bucket).toISOString(),
        phases: phases.map((_, i) => num(agg.trend.find((t) => num(t.bucket) === bucket && num(t.phase) === i)?.visitors)),
      })),
    },
    dropOffs: phaseFigures
      .map((p, i) => ({
        phase: p.name,
        visitors: p.stoppedBeforeGoal,
        paths: agg.paths.filter((x) => num(x.phase) === i).map((x) => ({ steps: x.steps.split('\u001f'), visitors: num(x.visitors) })),
      }))
      .filter((d) => d.visitors > 0),
    otherPhases: agg.otherPhases.map((o) => ({ phase: o.phase, events: num(o.events) })).sort((a, b) => b.events - a.events || text(a.phase, b.phase)),
    latest: agg.latest.map((l) => ({ visitor: l.visitor, userId: l.userId ?? null, lastSeen: num(l.lastSeen), furthestPhase: phases[num(l.furthest)] ?? null })),
  }
}

/**
 * Numbers as numbers: drivers answer 64-bit integers and sums as strings (pg, ClickHouse JSON).
 * @param {Aggregates} agg
 * @returns {Aggregates}
 */
function normalize(agg) {
  const N = Number
  const q = (/** @type {unknown} */ v) => (v === null || v === undefined ? null : N(v))
  return {
    totals: { visitors: N(agg.totals.visitors), sessions: N(agg.totals.sessions), events: N(agg.totals.events) },
    people: agg.people.map((p) => ({ furthest: N(p.furthest), converted: Boolean(N(p.converted)), visitors: N(p.visitors) })),
    phases: agg.phases.map((p) => ({ phase: N(p.phase), visitors: N(p.visitors), events: N(p.events), afterGoal: N(p.afterGoal), formStarts: N(p.formStarts), formAbandons: N(p.formAbandons) })),
    touchpoints: agg.touchpoints.map((t) => ({ phase: N(t.phase), type: t.type, count: N(t.count), visitors: N(t.visitors) })),
    durations: agg.durations.map((d) => ({ phase: N(d.phase), visitors: N(d.visitors), p25: q(d.p25), p50: q(d.p50), p90: q(d.p90) })),
    histogram: agg.histogram.map((h) => ({ phase: N(h.phase), bucket: N(h.bucket), visitors: N(h.visitors) })),
    channels: agg.channels.map((c) => ({ channel: c.channel, visitors: N(c.visitors), converted: N(c.converted) })),
    campaigns: agg.campaigns.map((c) => ({ campaign: c.campaign, visitors: N(c.visitors), converted: N(c.converted) })),
    revenue: agg.revenue.map((r) => ({ scope: r.scope, key: String(r.key), currency: r.currency, cents: N(r.cents), purchases: N(r.purchases) })),
    trend: agg.trend.map((t) => ({ bucket: N(t.bucket), phase: N(t.phase), visitors: N(t.visitors) })),
    paths: agg.paths.map((p) => ({ phase: N(p.phase), steps: p.steps, visitors: N(p.visitors) })),
    otherPhases: agg.otherPhases.map((o) => ({ phase: o.phase, events: N(o.events) })),
    latest: agg.latest.map((l) => ({ visitor: l.visitor, userId: l.userId || null, lastSeen: N(l.lastSeen), furthest: N(l.furthest) })),
  }
}
