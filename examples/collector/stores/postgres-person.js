// @ts-check
/**
 * What the map derives per person from its phase figures, written once: the furthest phase,
 * each phase's "after the goal" flag, the spans between phases (and to the goal) with their
 * histogram buckets, and each phase's trend bucket by day and by week. For the collector's own
 * phase list and goal, journey_visitors keeps them as plain columns ("derived kept columns",
 * kd_*), computed at ingest from the kept columns (postgres-layout.js), so that a map of that list
 * reads numbers instead of computing some forty expressions for each of its 1.5 M persons. Every
 * other row a map reads (persons a range cuts, other lists, bots merged) gets them from the same
 * SQL at query time (postgres-figures.js), so the two can never disagree.
 */
import { HISTOGRAM_BOUNDS } from '../analytics/definitions.js'

/**
 * A person's value by name, as SQL: `first_at`, `goal_at`, and per listed phase i its first and
 * last time `f{i}`, `l{i}`, touchpoints `n{i}`, form started `fs{i}` and abandoned `fa{i}` (0 or 1).
 * @typedef {(name: string) => string} Column
 */

/** @typedef {'day' | 'week'} Unit */

const DAY = 86_400_000

/**
 * The start of the trend bucket of time `t` (ms): its UTC day, or the Monday of its week (1970-01-05, day 4, was one).
 * @param {string} t
 * @param {Unit} unit
 */
export const trendBucketSql = (t, unit) => (unit === 'day' ? `(${t} / ${DAY}) * ${DAY}` : `((${t} / ${DAY} - 4) / 7 * 7 + 4) * ${DAY}`)

/** The histogram bucket of a duration `ms`: how many bounds are at or below it. @param {string} ms */
const histogramBucketSql = (ms) => `CASE ${HISTOGRAM_BOUNDS.map((bound, i) => `WHEN ${ms} < ${bound} THEN ${i}`).join(' ')} ELSE ${HISTOGRAM_BOUNDS.length} END`

/**
 * The spans the map's durations describe: from phase i's first touchpoint to phase i + 1's (both
 * touched, in that order), then from the first touchpoint to the goal (phase -1).
 * @param {number} phases how many phases are listed
 * @param {Column} c
 * @returns {{ phase: number, name: string, sql: string }[]}
 */
export function spans(phases, c) {
  return [
    ...Array.from({ length: Math.max(phases - 1, 0) }, (_, i) => ({
      phase: i,
      name: `d${i}`,
      sql: `CASE WHEN ${c(`n${i}`)} > 0 AND ${c(`n${i + 1}`)} > 0 AND ${c(`f${i + 1}`)} >= ${c(`f${i}`)} THEN ${c(`f${i + 1}`)} - ${c(`f${i}`)} END`,
    })),
    { phase: -1, name: 'dg', sql: `${c('goal_at')} - ${c('first_at')}` },
  ]
}

/**
 * Every value derived per person, as [name, type, SQL]: furthest (-1 for none), after{i}, the spans
 * d{i} / dg and their histogram buckets h{k}, and the trend buckets bd{i} (day) and bw{i} (week).
 * @param {number} phases how many phases are listed
 * @param {Column} c
 * @returns {[string, string, string][]}
 */
export function personValues(phases, c) {
  const list = Array.from({ length: phases }, (_, i) => i)
  const furthest = phases ? `CASE ${[...list].reverse().map((i) => `WHEN ${c(`n${i}`)} > 0 THEN ${i}`).join(' ')} ELSE -1 END` : '-1'
  const trend = (/** @type {Unit} */ unit) => list.map((i) => /** @type {[string, string, string]} */ ([
    `b${unit[0]}${i}`, 'bigint', `CASE WHEN ${c(`n${i}`)} > 0 THEN ${trendBucketSql(c(`f${i}`), unit)} END`,
  ]))
  return [
    ['furthest', 'integer', furthest],
    ...list.map((i) => /** @type {[string, string, string]} */ ([`after${i}`, 'boolean', `(${c(`n${i}`)} > 0 AND ${c(`l${i}`)} > ${c('goal_at')})`])),
    ...spans(phases, c).map((s) => /** @type {[string, string, string]} */ ([s.name, 'bigint', s.sql])),
    ...spans(phases, c).map((s, k) => /** @type {[string, string, string]} */ ([`h${k}`, 'integer', `CASE WHEN (${s.sql}) IS NOT NULL THEN ${histogramBucketSql(`(${s.sql})`)} END`])),
    ...trend('day'),
    ...trend('week'),
  ]
}

/** The column of journey_visitors that keeps a derived value. @param {string} name */
export const derivedColumn = (name) => `kd_${name}`
