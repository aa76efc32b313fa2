// @ts-check
/**
 * SQLite's map from events (figureStatements), and the export's segment condition that SQLite
 * and PostgreSQL share (exportSegment; `dialect` covers the few spellings that differ).
 * PostgreSQL and ClickHouse compute the map from their summaries instead (postgres-figures.js,
 * clickhouse-figures.js). The touchpoints of the range go into a temporary table once (with
 * each visitor resolved to a person and ranked in time), then small aggregate queries read it
 * and the per-person and per-person-phase tables built from it. The answer is
 * analytics/assemble.js's Aggregates: counts, never events.
 */
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, trendUnit } from '../analytics/definitions.js'
import { propertyPair } from '../analytics/touchpoint.js'

/**
 * @typedef {object} Dialect
 * @property {'sqlite' | 'postgres'} name
 * @property {(sql: string, joined: string, order: string) => string} concat ordered string aggregate
 * @property {string} collate appended to ORDER BY on text so ties sort by code point like JavaScript
 * @property {(haystack: string, needle: string) => string} contains substring test
 */

/** @type {Record<'sqlite' | 'postgres', Dialect>} */
export const DIALECTS = {
  sqlite: { name: 'sqlite', concat: (x, sep, order) => `group_concat(${x}, ${sep} ORDER BY ${order})`, collate: '', contains: (h, n) => `instr(${h}, ${n}) > 0` },
  postgres: { name: 'postgres', concat: (x, sep, order) => `string_agg(${x}, ${sep} ORDER BY ${order})`, collate: ' COLLATE "C"', contains: (h, n) => `strpos(${h}, ${n}) > 0` },
}

const SEP = "'\u001f'"

/**
 * The statements of one SQLite figures() call. `setup` builds the temporary tables (run in order),
 * `queries` answer the Aggregates fields, `teardown` drops the tables.
 * Parameters are `?`; `params[i]` belongs to the statement of the same index.
 * @param {import('./store.js').FigureQuery} query
 * @param {{ fullScan?: boolean }} [how] `fullScan`: read the range by scanning the table, not through the time index,
 *   for a range holding most of the events (see sqlite-figures.js)
 * @returns {{ setup: [string, unknown[]][], queries: Record<keyof import('../analytics/assemble.js').Aggregates, [string, unknown[]]>, teardown: string[] }}
 */
export function figureStatements(query, { fullScan = false } = {}) {
  const dialect = DIALECTS.sqlite
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const list = (/** @type {readonly unknown[]} */ values) => values.map(() => '?').join(', ') || 'NULL'
  const phaseCase = phases.length ? `CASE e.phase ${phases.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} ELSE -1 END` : '-1'
  const goalCase = goal.length ? `CASE WHEN e.type IN (${list(goal)}) THEN 1 ELSE 0 END` : '0'
  /** @type {[string, unknown[]][]} */
  const setup = [
    [
      `CREATE TEMP TABLE jt_t AS
       SELECT x.*, row_number() OVER w AS rn FROM (
         SELECT coalesce(i.user_id, e.anonymous_id) AS person, CASE WHEN i.user_id IS NULL THEN 0 ELSE 1 END AS linked,
           e.id, e.type, e.phase, ${phaseCase} AS ph, ${goalCase} AS goal, e.occurred_at AS at, e.session_id, e.channel,
           e.campaign, e.type || ' ' || e.path AS step, e.value_cents, e.currency, e.prop_pairs
         FROM journey_events e${fullScan ? ' NOT INDEXED' : ''} LEFT JOIN journey_identities i ON i.anonymous_id = e.anonymous_id
         WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.type NOT IN (${list(INTERNAL_TYPES)})${includeBots ? '' : ' AND e.bot = 0'}
       ) x WINDOW w AS (PARTITION BY person ORDER BY at, id${dialect.collate})`,
      [...phases, ...goal, from, to, ...INTERNAL_TYPES],
    ],
  ]
  /** An index on each temporary table for the joins that read it by person. */
  const prepare = (/** @type {string} */ table, /** @type {string} */ columns) => /** @type {[string, unknown[]][]} */ ([[`CREATE INDEX ${table}_key ON ${table} (${columns})`, []]])
  setup.push(...prepare('jt_t', 'person, rn'))
  // Anti-joins, not NOT IN: a NOT IN list of a million people falls back to a scan per row on PostgreSQL.
  const keep = (/** @type {string} */ match, /** @type {unknown[]} */ params) =>
    setup.push([`DELETE FROM jt_t WHERE NOT EXISTS (SELECT 1 FROM jt_t m WHERE m.person = jt_t.person AND ${match})`, params])
  if (filters.channel) keep('m.channel = ?', [filters.channel])
  if (filters.campaign) keep('m.campaign = ?', [filters.campaign])
  if (filters.type) keep('m.type = ?', [filters.type])
  if (filters.firstChannel) keep('m.rn = 1 AND m.channel = ?', [filters.firstChannel])
  if (filters.property) keep(dialect.contains('m.prop_pairs', '?'), [propertyPair(filters.property.name, filters.property.value)])
  setup.push(
    [
      `CREATE TEMP TABLE jt_p AS
       SELECT a.*, c.campaign FROM (
         SELECT person, max(linked) AS linked, min(at) AS first_at, max(at) AS last_at, min(CASE WHEN goal = 1 THEN at END) AS goal_at,
           max(ph) AS furthest, max(CASE WHEN rn = 1 THEN channel END) AS channel, max(rn) AS n
         FROM jt_t GROUP BY person
       ) a LEFT JOIN (
         SELECT t.person, t.campaign FROM jt_t t JOIN (SELECT person, min(rn) AS rn FROM jt_t WHERE campaign <> '' GROUP BY person) m ON m.person = t.person AND m.rn = t.rn
       ) c ON c.person = a.person`,
      [],
    ],
    ...prepare('jt_p', 'person'),
    [
      `CREATE TEMP TABLE jt_pp AS
       SELECT person, ph, min(at) AS first_at, max(at) AS last_at, count(*) AS n,
         max(CASE WHEN type = 'form_start' THEN 1 ELSE 0 END) AS fs, max(CASE WHEN type = 'form_abandon' THEN 1 ELSE 0 END) AS fa
       FROM jt_t WHERE ph >= 0 GROUP BY person, ph`,
      [],
    ],
    ...prepare('jt_pp', 'person, ph'),
    [
      `CREATE TEMP TABLE jt_d AS
       SELECT a.ph AS phase, b.first_at - a.first_at AS ms FROM jt_pp a JOIN jt_pp b ON b.person = a.person AND b.ph = a.ph + 1 WHERE b.first_at >= a.first_at
       UNION ALL SELECT -1, goal_at - first_at FROM jt_p WHERE goal_at IS NOT NULL`,
      [],
    ],
  )
  const day = 86_400_000
  const bucket = trendUnit(query) === 'day' ? `(first_at / ${day}) * ${day}` : `((first_at / ${day} - 4) / 7 * 7 + 4) * ${day}`
  const histogram = `CASE ${HISTOGRAM_BOUNDS.map((bound, i) => `WHEN ms < ${bound} THEN ${i}`).join(' ')} ELSE ${HISTOGRAM_BOUNDS.length} END`
  const converted = 'CASE WHEN goal_at IS NULL THEN 0 ELSE 1 END'
  const revenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {string} */ join, /** @type {string} */ where) =>
    `SELECT '${scope}' AS scope, ${key} AS key, t.currency, sum(t.value_cents) AS cents, count(*) AS purchases FROM jt_t t ${join}
     WHERE t.value_cents IS NOT NULL${where} GROUP BY ${key === "''" ? '' : `${key}, `}t.currency`
  return {
    setup,
    queries: {
      totals: ['SELECT (SELECT count(*) FROM jt_p) AS visitors, count(DISTINCT session_id) AS sessions, count(*) AS events FROM jt_t', []],
      people: [`SELECT furthest, ${converted} AS converted, count(*) AS visitors FROM jt_p GROUP BY furthest, ${converted}`, []],
      phases: [
        `SELECT pp.ph AS phase, count(*) AS visitors, sum(pp.n) AS events,
           sum(CASE WHEN p.goal_at IS NOT NULL AND pp.last_at > p.goal_at THEN 1 ELSE 0 END) AS "afterGoal",
           sum(pp.fs) AS "formStarts", sum(CASE WHEN pp.fs = 1 AND pp.fa = 1 AND p.goal_at IS NULL THEN 1 ELSE 0 END) AS "formAbandons"
         FROM jt_pp pp JOIN jt_p p ON p.person = pp.person GROUP BY pp.ph`,
        [],
      ],
      touchpoints: ['SELECT ph AS phase, type, count(*) AS count, count(DISTINCT person) AS visitors FROM jt_t WHERE ph >= 0 GROUP BY ph, type', []],
      durations: [
        `SELECT phase, max(n) AS visitors, max(CASE WHEN r = (n * 25 + 99) / 100 THEN ms END) AS p25,
           max(CASE WHEN r = (n * 50 + 99) / 100 THEN ms END) AS p50, max(CASE WHEN r = (n * 90 + 99) / 100 THEN ms END) AS p90
         FROM (SELECT phase, ms, row_number() OVER (PARTITION BY phase ORDER BY ms) AS r, count(*) OVER (PARTITION BY phase) AS n FROM jt_d) q GROUP BY phase`,
        [],
      ],
      histogram: [`SELECT phase, ${histogram} AS bucket, count(*) AS visitors FROM jt_d GROUP BY phase, ${histogram}`, []],
      channels: [`SELECT channel, count(*) AS visitors, sum(${converted}) AS converted FROM jt_p GROUP BY channel`, []],
      campaigns: [`SELECT campaign, count(*) AS visitors, sum(${converted}) AS converted FROM jt_p WHERE campaign IS NOT NULL GROUP BY campaign`, []],
      revenue: [
        [
          revenue('goal', "''", '', ''),
          revenue('phase', 'CAST(t.ph AS TEXT)', '', ' AND t.ph >= 0'),
          revenue('channel', 'p.channel', 'JOIN jt_p p ON p.person = t.person', ''),
          revenue('campaign', 'p.campaign', 'JOIN jt_p p ON p.person = t.person', ' AND p.campaign IS NOT NULL'),
        ].join(' UNION ALL '),
        [],
      ],
      trend: [`SELECT ${bucket} AS bucket, ph AS phase, count(*) AS visitors FROM jt_pp GROUP BY ${bucket}, ph`, []],
      paths: [
        `SELECT phase, steps, visitors FROM (
           SELECT phase, steps, visitors, row_number() OVER (PARTITION BY phase ORDER BY visitors DESC, steps${dialect.collate}) AS k FROM (
             SELECT phase, steps, count(*) AS visitors FROM (
               SELECT p.furthest AS phase, ${dialect.concat('t.step', SEP, 't.rn')} AS steps
               FROM jt_p p JOIN jt_t t ON t.person = p.person AND t.rn > p.n - ${PATH_STEPS}
               WHERE p.goal_at IS NULL AND p.furthest >= 0 GROUP BY p.person, p.furthest
             ) s GROUP BY phase, steps
           ) g
         ) r WHERE k <= ${PATHS_PER_PHASE} ORDER BY phase, k`,
        [],
      ],
      otherPhases: ['SELECT phase, count(*) AS events FROM jt_t WHERE ph = -1 GROUP BY phase', []],
      latest: [
        `SELECT person AS visitor, CASE WHEN linked = 1 THEN person END AS "userId", last_at AS "lastSeen", furthest FROM jt_p
         ORDER BY last_at DESC, person${dialect.collate} LIMIT ${LATEST_VISITORS}`,
        [],
      ],
    },
    teardown: ['DROP TABLE IF EXISTS jt_d', 'DROP TABLE IF EXISTS jt_pp', 'DROP TABLE IF EXISTS jt_p', 'DROP TABLE IF EXISTS jt_t'],
  }
}

/**
 * The export's segment condition on `e` (a journey_events row): its person has a touchpoint
 * in the range matching every filter (figureStatements' rules). Correlated per exported row,
 * on the (anonymous_id, occurred_at) index, so the export streams without building the segment first.
 * @param {import('./store.js').FigureQuery} query
 * @param {Dialect} dialect
 * @returns {[string, unknown[]]}
 */
export function exportSegment({ from, to, filters = {}, includeBots = false }, dialect) {
  const person = `(m.anonymous_id = e.anonymous_id OR m.anonymous_id IN (SELECT l.anonymous_id FROM journey_identities l
    WHERE l.user_id = (SELECT s.user_id FROM journey_identities s WHERE s.anonymous_id = e.anonymous_id)))`
  const touchpoints = `FROM journey_events m WHERE ${person} AND m.occurred_at >= ? AND m.occurred_at < ? AND m.type NOT IN (${INTERNAL_TYPES.map(() => '?').join(', ')})${includeBots ? '' : ' AND m.bot = 0'}`
  const range = [from, to, ...INTERNAL_TYPES]
  /** @type {[string, unknown[]][]} */
  const parts = []
  if (filters.channel) parts.push([`EXISTS (SELECT 1 ${touchpoints} AND m.channel = ?)`, [...range, filters.channel]])
  if (filters.campaign) parts.push([`EXISTS (SELECT 1 ${touchpoints} AND m.campaign = ?)`, [...range, filters.campaign]])
  if (filters.type) parts.push([`EXISTS (SELECT 1 ${touchpoints} AND m.type = ?)`, [...range, filters.type]])
  if (filters.property) {
    parts.push([`EXISTS (SELECT 1 ${touchpoints} AND ${dialect.contains('m.prop_pairs', '?')})`, [...range, propertyPair(filters.property.name, filters.property.value)]])
  }
  if (filters.firstChannel) parts.push([`(SELECT m.channel ${touchpoints} ORDER BY m.occurred_at, m.id${dialect.collate} LIMIT 1) = ?`, [...range, filters.firstChannel]])
  return [parts.map(([sql]) => ` AND ${sql}`).join(''), parts.flatMap(([, params]) => params)]
}
