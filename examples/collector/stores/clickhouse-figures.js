// @ts-check
/**
 * The map's aggregates in ClickHouse SQL (18.16 and later: no window functions; argMin,
 * groupArray, arraySort, LIMIT BY instead). Per-person and per-person-phase tables are
 * built once per call as session temporary tables; the rest are single GROUP BYs.
 */
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, QUANTILES, trendUnit } from '../analytics/definitions.js'
import { propertyPair } from '../analytics/touchpoint.js'
import { list, literal } from './clickhouse-http.js'

/**
* @param {import('./store.js').FigureQuery} query
 * @param {string} db the database, named in every table: a session's temporary tables live outside it
 * @returns {{ setup: string[], touchpoints: string, queries: Record<Exclude<keyof import('../analytics/assemble.js').Aggregates, 'totals' | 'touchpoints' | 'otherPhases'>, string> }}
 */
export function clickhouseStatements(query, db) {
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const ph = phases.length ? `toInt32(indexOf(${list(phases)}, phase)) - 1` : 'toInt32(-1)'
  const isGoal = goal.length ? `type IN (${goal.map(literal).join(', ')})` : '0'
  // Every event once (FINAL), each visitor resolved to their person (the first userId linked to the anonymousId).
  /** @param {string} [only] a condition on stored columns, applied before the identity join */
  const touchpointsWhere = (only = '') => `(SELECT if(uid = '', anonymous_id, uid) AS person, uid != '' AS linked, id, type, phase, ${ph} AS ph, ${isGoal} AS goal,
      occurred_at AS at, session_id, channel, campaign, concat(type, ' ', path) AS step, value_cents, currency, prop_pairs
    FROM (SELECT anonymous_id, id, type, phase, occurred_at, session_id, channel, campaign, path, value_cents, currency, prop_pairs FROM ${db}.journey_events FINAL
      WHERE occurred_at >= ${literal(from)} AND occurred_at < ${literal(to)} AND type NOT IN (${INTERNAL_TYPES.map(literal).join(', ')})${includeBots ? '' : ' AND bot = 0'}${only})
    ANY LEFT JOIN (SELECT anonymous_id, argMin(user_id, linked_at) AS uid FROM ${db}.journey_identities GROUP BY anonymous_id) USING anonymous_id)`
  const t = touchpointsWhere()
  const segmented = Boolean(filters.channel || filters.campaign || filters.firstChannel || filters.property || filters.type)
  const seg = segmented ? ' AND person IN (SELECT person FROM jt_p)' : ''
  const having = [
    filters.channel && `countIf(channel = ${literal(filters.channel)}) > 0`,
    filters.campaign && `countIf(campaign = ${literal(filters.campaign)}) > 0`,
    filters.type && `countIf(type = ${literal(filters.type)}) > 0`,
    filters.firstChannel && `argMin(channel, (at, id)) = ${literal(filters.firstChannel)}`,
    filters.property && `countIf(position(prop_pairs, ${literal(propertyPair(filters.property.name, filters.property.value))}) > 0) > 0`,
  ].filter(Boolean)
  const day = 86_400_000
  const bucket = trendUnit(query) === 'day' ? `intDiv(first_at, ${day}) * ${day}` : `(intDiv(intDiv(first_at, ${day}) - 4, 7) * 7 + 4) * ${day}`
  const histogram = `multiIf(${HISTOGRAM_BOUNDS.map((bound, i) => `ms < ${bound}, ${i}`).join(', ')}, ${HISTOGRAM_BOUNDS.length})`
  const [q25, q50, q90] = QUANTILES.map((q) => `s[toUInt64(intDiv(length(s) * ${q} + 99, 100))]`)
  const revenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {string} */ where = '') =>
    `SELECT ${literal(scope)} AS scope, ${key} AS key, currency, sum(cents) AS cents, count() AS purchases FROM jt_r${where ? ` WHERE ${where}` : ''} GROUP BY key, currency`

  return {
    setup: [
      `CREATE TEMPORARY TABLE jt_p ENGINE = Memory AS
       SELECT person, max(linked) AS plinked, min(at) AS first_at, max(at) AS last_at, minIf(at, goal = 1) AS goal_at, max(goal) AS converted,
         max(ph) AS furthest, argMin(channel, (at, id)) AS fchannel, argMinIf(campaign, (at, id), campaign != '') AS fcampaign, count() AS n
       FROM ${t} GROUP BY person${having.length ? ` HAVING ${having.join(' AND ')}` : ''}`,
      `CREATE TEMPORARY TABLE jt_pp ENGINE = Memory AS
       SELECT person, ph, min(at) AS first_at, max(at) AS last_at, count() AS n, max(type = 'form_start') AS fs, max(type = 'form_abandon') AS fa
       FROM ${t} WHERE ph >= 0${seg} GROUP BY person, ph`,
      `CREATE TEMPORARY TABLE jt_d ENGINE = Memory AS
       SELECT toInt32(nph - 1) AS phase, next_at - first_at AS ms
       FROM (SELECT person, ph + 1 AS nph, first_at FROM jt_pp) ALL INNER JOIN (SELECT person, ph AS nph, first_at AS next_at FROM jt_pp) USING (person, nph)
       WHERE next_at >= first_at
       UNION ALL SELECT toInt32(-1) AS phase, goal_at - first_at AS ms FROM jt_p WHERE converted = 1`,
      `CREATE TEMPORARY TABLE jt_r ENGINE = Memory AS
       SELECT ph, assumeNotNull(value_cents) AS cents, currency, fchannel AS channel, fcampaign AS campaign
       FROM (SELECT person, ph, value_cents, currency FROM ${touchpointsWhere(' AND isNotNull(value_cents)')} WHERE 1${seg})
       ANY INNER JOIN (SELECT person, fchannel, fcampaign FROM jt_p) USING person`,
    ],
    // One scan for touchpoints per phase and type, other phases, and (its WITH TOTALS row) events and sessions.
    touchpoints: `SELECT ph AS phase_index, if(ph = -1, phase, '') AS other, type, count() AS count, uniqExact(person) AS visitors, uniqExact(session_id) AS sessions
      FROM ${t} WHERE 1${seg} GROUP BY phase_index, other, type WITH TOTALS`,
    queries: {
      people: 'SELECT furthest, converted, count() AS visitors FROM jt_p GROUP BY furthest, converted',
      phases: `SELECT ph AS phase, count() AS visitors, sum(n) AS events, sum(converted = 1 AND last_at > goal_at) AS afterGoal,
          sum(fs) AS formStarts, sum(fs = 1 AND fa = 1 AND converted = 0) AS formAbandons
        FROM jt_pp ANY INNER JOIN (SELECT person, converted, goal_at FROM jt_p) USING person GROUP BY ph`,
      durations: `SELECT phase, length(s) AS visitors, ${q25} AS p25, ${q50} AS p50, ${q90} AS p90 FROM (SELECT phase, arraySort(groupArray(ms)) AS s FROM jt_d GROUP BY phase)`,
      histogram: `SELECT phase, ${histogram} AS bucket, count() AS visitors FROM jt_d GROUP BY phase, bucket`,
      channels: 'SELECT fchannel AS channel, count() AS visitors, sum(converted) AS converted FROM jt_p GROUP BY fchannel',
      campaigns: "SELECT fcampaign AS campaign, count() AS visitors, sum(converted) AS converted FROM jt_p WHERE fcampaign != '' GROUP BY fcampaign",
      revenue: [
        revenue('goal', "''"),
        revenue('phase', 'toString(ph)', 'ph >= 0'),
        revenue('channel', 'channel'),
        revenue('campaign', 'campaign', "campaign != ''"),
      ].join(' UNION ALL '),
      trend: `SELECT ${bucket} AS bucket, ph AS phase, count() AS visitors FROM jt_pp GROUP BY bucket, phase`,
      paths: `SELECT phase, steps, count() AS visitors FROM (
          SELECT person, arrayStringConcat(arrayMap(x -> x.3, arraySlice(arraySort(groupArray((at, id, step))), -${PATH_STEPS})), '\\x1F') AS steps
          FROM ${t} WHERE person IN (SELECT person FROM jt_p WHERE converted = 0 AND furthest >= 0) GROUP BY person
        ) ANY INNER JOIN (SELECT person, furthest AS phase FROM jt_p) USING person
        GROUP BY phase, steps ORDER BY phase, visitors DESC, steps LIMIT ${PATHS_PER_PHASE} BY phase`,
      latest: `SELECT person AS visitor, if(plinked = 1, person, '') AS userId, last_at AS lastSeen, furthest FROM jt_p ORDER BY last_at DESC, person LIMIT ${LATEST_VISITORS}`,
    },
  }
}
