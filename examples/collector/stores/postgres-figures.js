// @ts-check
/**
 * The map's aggregates on PostgreSQL, read from the per-visitor-hour summaries
 * (postgres-summaries.js), so a call reads about one row per visitor instead of one per event.
 * Whole hours of the range come from journey_visitor_hours; the partial hours at its two ends
 * are summarized from journey_events by the same SQL the ingest uses, so the range is exact.
 * One GROUP BY then leaves one row per person in the temporary table jt_p (persons resolved by
 * journey_identities; a segment's filters are its HAVING), and every figure is a scan of jt_p:
 * - per listed phase i: f{i}, l{i}, n{i}, fs{i}, fa{i} (first and last time, touchpoints, form started / abandoned);
 * - goal_at, first_at, last_at, n, the first channel and campaign (first_key, campaign_key);
 * - the person's rows' arrays concatenated (touchpoints per phase and type, sessions, revenue, last steps).
 * SQLite keeps sql-figures.js (its figures read events).
 */
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, trendUnit } from '../analytics/definitions.js'
import { propertyPair } from '../analytics/touchpoint.js'
import { HOUR_MS, SUMMARY_COLUMNS, summarySql } from './postgres-summaries.js'

/** Where the value starts in a first_key, campaign_key or tail text (after a 16-digit time and a 36-character id). */
const VALUE_AT = 53

/**
 * A value as SQL text: the statements are many and share values, so literals rather than numbered parameters.
 * @param {unknown} value a number, a string or an array of strings
 * @returns {string}
 */
function literal(value) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`)
    return String(value)
  }
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]::text[]`
  // standard_conforming_strings (PostgreSQL's default): only the quote needs doubling.
  return `'${String(value).replace(/'/g, "''")}'`
}

/**
 * The statements of one figures() call on PostgreSQL: `setup` builds jt_p and jt_d (run in
 * order, in one transaction that is rolled back), `queries` answer them; `assemble` turns
 * their rows into analytics/assemble.js's Aggregates.
 * @param {import('./store.js').FigureQuery} query
 */
export function postgresStatements(query) {
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const p = literal
  const bot = p(includeBots ? 1 : 0)
  const h0 = Math.ceil(from / HOUR_MS)
  const h1 = Math.floor(to / HOUR_MS)
  const whole = h0 < h1
  const inRange = (/** @type {number} */ a, /** @type {number} */ b) => `(e.occurred_at >= ${p(a)} AND e.occurred_at < ${p(b)})`
  const edges = whole
    ? [from < h0 * HOUR_MS && inRange(from, h0 * HOUR_MS), to > h1 * HOUR_MS && inRange(h1 * HOUR_MS, to)].filter(Boolean).join(' OR ') || 'false'
    : inRange(from, to)
  const columns = `hour, anonymous_id, bot, ${SUMMARY_COLUMNS.join(', ')}`
  const rows = [
    whole && `SELECT ${columns} FROM journey_visitor_hours WHERE hour >= ${p(h0)} AND hour < ${p(h1)} AND bot <= ${bot} AND n > 0`,
    `SELECT ${columns} FROM (${summarySql(`journey_events e WHERE (${edges}) AND e.bot <= ${bot}`)}) edge`,
  ].filter(Boolean).join(' UNION ALL ')

  const at = phases.map((name) => `array_position(r.ph, ${p(name)})`)
  const goalAt = goal.length ? `least(${goal.map((type) => `r.ty_first[array_position(r.ty, ${p(type)})]`).join(', ')})` : 'NULL::bigint'
  const perPhase = at.map((q, i) => `min(r.ph_first[${q}]) AS f${i}, max(r.ph_last[${q}]) AS l${i}, coalesce(sum(r.ph_n[${q}]), 0) AS n${i},
    coalesce(max(r.ph_fs[${q}]), 0) AS fs${i}, coalesce(max(r.ph_fa[${q}]), 0) AS fa${i}`)
  const having = [
    filters.channel && `bool_or(r.channels @> ARRAY[${p(filters.channel)}::text])`,
    filters.campaign && `bool_or(r.campaigns @> ARRAY[${p(filters.campaign)}::text])`,
    filters.type && `bool_or(r.ty @> ARRAY[${p(filters.type)}::text])`,
    filters.firstChannel && `substr(min(r.first_key), ${VALUE_AT}) = ${p(filters.firstChannel)}`,
  ].filter(Boolean)
  // A summary cannot know which property will be asked for: that filter reads the range's events.
  const property = filters.property
    ? `WHERE a.person IN (SELECT coalesce(i.user_id, e.anonymous_id) FROM journey_events e LEFT JOIN journey_identities i ON i.anonymous_id = e.anonymous_id
        WHERE e.occurred_at >= ${p(from)} AND e.occurred_at < ${p(to)} AND e.bot <= ${bot} AND e.type NOT IN (${INTERNAL_TYPES.map((t) => p(t)).join(', ')})
        AND strpos(e.prop_pairs, ${p(propertyPair(filters.property.name, filters.property.value))}) > 0)`
    : ''
  const furthest = phases.length ? `CASE ${phases.map((_, i) => phases.length - 1 - i).map((i) => `WHEN n${i} > 0 THEN ${i}`).join(' ')} ELSE -1 END` : '-1'

  const setup = [
    `CREATE TEMP TABLE jt_p AS SELECT a.*, ${furthest} AS furthest FROM (
       SELECT coalesce(i.user_id, r.anonymous_id) AS person, max(CASE WHEN i.user_id IS NULL THEN 0 ELSE 1 END) AS linked, count(*) AS nrows,
         sum(r.n) AS n, min(r.first_at) AS first_at, max(r.last_at) AS last_at, min(r.first_key) AS first_key, min(r.campaign_key) AS campaign_key,
         min(${goalAt}) AS goal_at${perPhase.length ? `, ${perPhase.join(', ')}` : ''},
         jt_cat(r.tp_phase) AS tp_phase, jt_cat(r.tp_type) AS tp_type, jt_cat(r.tp_n) AS tp_n, jt_cat(r.sessions) AS sessions,
         jt_cat(r.rv_phase) AS rv_phase, jt_cat(r.rv_currency) AS rv_currency, jt_cat(r.rv_cents) AS rv_cents, jt_cat(r.rv_n) AS rv_n,
         jt_cat(r.tail) AS tail, min(r.steps) AS steps
       FROM (${rows}) r LEFT JOIN journey_identities i ON i.anonymous_id = r.anonymous_id
       GROUP BY 1${having.length ? ` HAVING ${having.join(' AND ')}` : ''}
     ) a ${property}`,
    'ANALYZE jt_p',
    `CREATE TEMP TABLE jt_d AS ${[
      ...phases.slice(0, -1).map((_, i) => `SELECT ${i} AS phase, f${i + 1} - f${i} AS ms FROM jt_p WHERE n${i} > 0 AND n${i + 1} > 0 AND f${i + 1} >= f${i}`),
      'SELECT -1 AS phase, goal_at - first_at AS ms FROM jt_p WHERE goal_at IS NOT NULL',
    ].join(' UNION ALL ')}`,
  ]

  const day = 86_400_000
  const bucket = (/** @type {string} */ t) => (trendUnit(query) === 'day' ? `(${t} / ${day}) * ${day}` : `((${t} / ${day} - 4) / 7 * 7 + 4) * ${day}`)
  const histogram = `CASE ${HISTOGRAM_BOUNDS.map((bound, i) => `WHEN ms < ${bound} THEN ${i}`).join(' ')} ELSE ${HISTOGRAM_BOUNDS.length} END`
  const rank = (/** @type {number} */ q) => `(array_agg(ms ORDER BY ms))[(count(*) * ${q} + 99) / 100]`
  const phaseSums = phases.map((_, i) => `count(*) FILTER (WHERE n${i} > 0) AS v${i}, sum(n${i}) AS e${i},
    count(*) FILTER (WHERE n${i} > 0 AND l${i} > goal_at) AS a${i}, sum(fs${i}) AS s${i}, count(*) FILTER (WHERE fs${i} = 1 AND fa${i} = 1 AND goal_at IS NULL) AS b${i}`)
  const revenueRows = `SELECT u.ph, u.currency, u.cents, u.n, substr(p.first_key, ${VALUE_AT}) AS channel, substr(p.campaign_key, ${VALUE_AT}) AS campaign
    FROM jt_p p, unnest(p.rv_phase, p.rv_currency, p.rv_cents, p.rv_n) AS u(ph, currency, cents, n) WHERE p.rv_n IS NOT NULL`
  const revenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {string} */ where) =>
    `SELECT '${scope}' AS scope, ${key} AS key, currency, sum(cents) AS cents, sum(n) AS purchases FROM rv${where} GROUP BY 2, currency`
  const listed = p(phases)
  // A person's concatenated rows can repeat a phase and type (or a step): once per person, not per row.
  const lastSteps = `(SELECT string_agg(substr(x, ${VALUE_AT}), chr(31) ORDER BY x) FROM (SELECT x FROM unnest(tail) x ORDER BY x DESC LIMIT ${PATH_STEPS}) t)`

  return {
    setup,
    queries: {
      totals: 'SELECT count(*) AS visitors, coalesce(sum(n), 0) AS events, (SELECT count(*) FROM (SELECT DISTINCT s FROM jt_p, unnest(sessions) s) x) AS sessions FROM jt_p',
      people: 'SELECT furthest, CASE WHEN goal_at IS NULL THEN 0 ELSE 1 END AS converted, count(*) AS visitors FROM jt_p GROUP BY 1, 2',
      phases: phaseSums.length ? `SELECT ${phaseSums.join(', ')} FROM jt_p` : 'SELECT 1',
      touchpoints: `SELECT array_position(${listed}::text[], ph) - 1 AS phase, ph AS name, type, sum(n) AS count, count(*) AS visitors FROM (
          SELECT u.ph, u.type, sum(u.n) AS n FROM jt_p, unnest(tp_phase, tp_type, tp_n) AS u(ph, type, n) WHERE nrows > 1 GROUP BY person, u.ph, u.type
          UNION ALL SELECT u.ph, u.type, u.n FROM jt_p, unnest(tp_phase, tp_type, tp_n) AS u(ph, type, n) WHERE nrows = 1
        ) t GROUP BY ph, type`,
      durations: `SELECT phase, count(*) AS visitors, ${rank(25)} AS p25, ${rank(50)} AS p50, ${rank(90)} AS p90 FROM jt_d GROUP BY phase`,
      histogram: `SELECT phase, ${histogram} AS bucket, count(*) AS visitors FROM jt_d GROUP BY 1, 2`,
      channels: `SELECT substr(first_key, ${VALUE_AT}) AS channel, count(*) AS visitors, count(goal_at) AS converted FROM jt_p GROUP BY 1`,
      campaigns: `SELECT substr(campaign_key, ${VALUE_AT}) AS campaign, count(*) AS visitors, count(goal_at) AS converted FROM jt_p WHERE campaign_key IS NOT NULL GROUP BY 1`,
      revenue: `WITH rv AS (${revenueRows}) ${[
        revenue('goal', "''", ''),
        revenue('phase', `CAST(array_position(${listed}, ph) - 1 AS text)`, ` WHERE ph = ANY(${listed})`),
        revenue('channel', 'channel', ''),
        revenue('campaign', 'campaign', ' WHERE campaign IS NOT NULL'),
      ].join(' UNION ALL ')}`,
      trend: phases.length
        ? phases.map((_, i) => `SELECT ${bucket(`f${i}`)} AS bucket, ${i} AS phase, count(*) AS visitors FROM jt_p WHERE n${i} > 0 GROUP BY 1`).join(' UNION ALL ')
        : 'SELECT 0 AS bucket, 0 AS phase, 0 AS visitors WHERE false',
      paths: `SELECT phase, steps, visitors FROM (
          SELECT phase, steps, count(*) AS visitors, row_number() OVER (PARTITION BY phase ORDER BY count(*) DESC, steps COLLATE "C") AS k FROM (
            SELECT furthest AS phase, CASE WHEN nrows = 1 THEN steps ELSE ${lastSteps} END AS steps FROM jt_p WHERE goal_at IS NULL AND furthest >= 0
          ) s GROUP BY phase, steps
        ) r WHERE k <= ${PATHS_PER_PHASE} ORDER BY phase, k`,
      latest: `SELECT person AS visitor, CASE WHEN linked = 1 THEN person END AS "userId", last_at AS "lastSeen", furthest FROM jt_p
        ORDER BY last_at DESC, person COLLATE "C" LIMIT ${LATEST_VISITORS}`,
    },
    /**
     * The Aggregates from the queries' rows (by name).
     * @param {Record<string, any[]>} r
     * @returns {import('../analytics/assemble.js').Aggregates}
     */
    assemble(r) {
      const wide = r.phases?.[0] ?? {}
      /** @type {Map<string, number>} */
      const other = new Map()
      for (const t of r.touchpoints ?? []) if (t.phase === null) other.set(t.name, (other.get(t.name) ?? 0) + Number(t.count))
      return {
        totals: r.totals?.[0],
        people: r.people ?? [],
        phases: phases.map((_, i) => ({ phase: i, visitors: wide[`v${i}`], events: wide[`e${i}`] ?? 0, afterGoal: wide[`a${i}`], formStarts: wide[`s${i}`] ?? 0, formAbandons: wide[`b${i}`] })),
        touchpoints: (r.touchpoints ?? []).filter((t) => t.phase !== null),
        durations: r.durations ?? [],
        histogram: r.histogram ?? [],
        channels: r.channels ?? [],
        campaigns: r.campaigns ?? [],
        revenue: r.revenue ?? [],
        trend: r.trend ?? [],
        paths: r.paths ?? [],
        otherPhases: [...other].map(([phase, events]) => ({ phase, events })),
        latest: r.latest ?? [],
      }
    },
  }
}
