// @ts-check
/**
 * The map's aggregates on PostgreSQL, read from the per-visitor summaries (journey_visitors,
 * postgres-summaries.js), so a call reads about one row per visitor instead of one per event.
 * A visitor whose touchpoints all fall inside the range is read as it is; one with touchpoints on
 * both sides of an end of the range is summarized from its events in the range by the same SQL
 * the ingest uses, so the range is exact. The temporary table jt_p gets one row per person: without
 * bots, a person inside the range is its summary row, read without any grouping (one statement that
 * may scan in parallel), and a person the range cuts is summarized from its events (a second
 * statement); with bots, a person's bot and human rows merge through one GROUP BY person. A segment's
 * filters are a WHERE (a HAVING on the merge). Every figure is a scan of jt_p:
 * - per listed phase i: n{i} touchpoints, after{i} (a touchpoint after the goal), fs{i} / fa{i} (form started / abandoned), b{i} its trend bucket;
 * - goal_at, last_at, n, furthest, the first channel and campaign; d{k} / h{k}: each span's duration and histogram bucket;
 * - the touchpoint signature, sessions, revenue arrays and last steps.
 * SQLite keeps sql-figures.js (its figures read events).
 */
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, trendUnit } from '../analytics/definitions.js'
import { propertyPair } from '../analytics/touchpoint.js'
import { followsLayout, keptColumns } from './postgres-layout.js'
import { MAIN_COLUMNS, PERSON, SUMMARY_COLUMNS, summarySql } from './postgres-summaries.js'

/** A volatile column that runs in parallel workers: it keeps PostgreSQL from inlining the subquery around it (see postgresStatements). */
const FENCE = 'clock_timestamp() AS fence'

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
 * @param {import('./postgres-layout.js').Layout | null} [layout] the phase list and goal of journey_visitors' kept columns:
 *   a map of that list and goal reads them instead of the arrays
 */
export function postgresStatements(query, layout = null) {
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const p = literal
  const bot = p(includeBots ? 1 : 0)
  const inside = `r.first_at >= ${p(from)} AND r.last_at < ${p(to)}`
  // Persons with touchpoints on both sides of a range end (found through the first_at and last_at indexes):
  // their touchpoints in the range, summarized as ingest would.
  const straddling = `SELECT s.person FROM journey_visitors s WHERE s.bot <= ${bot} AND s.n > 0
    AND ((s.first_at < ${p(from)} AND s.last_at >= ${p(from)}) OR (s.last_at >= ${p(to)} AND s.first_at < ${p(to)}))`
  // jt_cut (built first, and analyzed, so the planner knows how many): every anonymousId of those persons, with its person.
  const cutIds = [
    `CREATE TEMP TABLE jt_cut AS SELECT DISTINCT ON (x.a) x.a AS anonymous_id, coalesce(i.user_id, x.a) AS person, CASE WHEN i.user_id IS NULL THEN 0 ELSE 1 END AS linked
     FROM (SELECT person AS a FROM (${straddling}) s UNION ALL SELECT l.anonymous_id FROM journey_identities l JOIN (${straddling}) s ON l.user_id = s.person) x
     LEFT JOIN journey_identities i ON i.anonymous_id = x.a`,
    'ANALYZE jt_cut',
  ]
  const cut = summarySql(`e.occurred_at >= ${p(from)} AND e.occurred_at < ${p(to)} AND e.bot <= ${bot}`, [
    'jt_cut m JOIN journey_events e ON e.anonymous_id = m.anonymous_id',
    'm.person',
    'm.linked',
  ])
  const needsDetails = Boolean(filters.channel || filters.campaign)
  const mainColumns = `person, bot, ${MAIN_COLUMNS.join(', ')}`

  const at = phases.map((name) => `array_position(r.ph, ${p(name)})`)
  const goalAt = goal.length ? `least(${goal.map((type) => `r.ty_first[array_position(r.ty, ${p(type)})]`).join(', ')})` : 'NULL::bigint'
  const perPhase = at.map((q, i) => `min(r.ph_first[${q}]) AS f${i}, max(r.ph_last[${q}]) AS l${i}, coalesce(sum(r.ph_n[${q}]), 0) AS n${i},
    coalesce(max(r.ph_fs[${q}]), 0) AS fs${i}, coalesce(max(r.ph_fa[${q}]), 0) AS fa${i}`)
  // Each phase's and goal type's position in a row's arrays, then the values at those positions, each computed once per row:
  // every array access copies the array out of its row (about 0.1 µs each), and PostgreSQL inlines a plain subquery,
  // repeating the access wherever its column is used. It never inlines a subquery whose select list has a volatile function
  // (FENCE); OFFSET 0 would do the same but keep the scan under it out of parallel workers.
  const positions = [...at.map((q, i) => `${q} AS q${i}`), ...goal.map((type, j) => `array_position(r.ty, ${p(type)}) AS g${j}`)]
  const single = phases.map((_, i) => `r.ph_first[r.q${i}] AS f${i}, r.ph_last[r.q${i}] AS l${i}, coalesce(r.ph_n[r.q${i}], 0)::bigint AS n${i},
    coalesce(r.ph_fs[r.q${i}], 0) AS fs${i}, coalesce(r.ph_fa[r.q${i}], 0) AS fa${i}`)
  const goalOnce = goal.length ? `least(${goal.map((_, j) => `r.ty_first[r.g${j}]`).join(', ')})` : 'NULL::bigint'
  const segment = (/** @type {(condition: string) => string} */ any) => [
    filters.channel && any(`r.channels @> ARRAY[${p(filters.channel)}::text]`),
    filters.campaign && any(`r.campaigns @> ARRAY[${p(filters.campaign)}::text]`),
    filters.type && any(`r.ty @> ARRAY[${p(filters.type)}::text]`),
  ].filter(Boolean)
  const having = [...segment((c) => `bool_or(${c})`), filters.firstChannel && `substr(min(r.first_key), ${VALUE_AT}) = ${p(filters.firstChannel)}`].filter(Boolean)
  const where = [...segment((c) => c), filters.firstChannel && `r.channel = ${p(filters.firstChannel)}`].filter(Boolean)
  // A summary cannot know which property will be asked for: that filter reads the range's events.
  const property = filters.property
    ? `person IN (SELECT ${PERSON} FROM journey_events e LEFT JOIN journey_identities i ON i.anonymous_id = e.anonymous_id
        WHERE e.occurred_at >= ${p(from)} AND e.occurred_at < ${p(to)} AND e.bot <= ${bot} AND e.type NOT IN (${INTERNAL_TYPES.map((t) => p(t)).join(', ')})
        AND strpos(e.prop_pairs, ${p(propertyPair(filters.property.name, filters.property.value))}) > 0)`
    : ''
  const furthest = phases.length ? `CASE ${phases.map((_, i) => phases.length - 1 - i).map((i) => `WHEN n${i} > 0 THEN ${i}`).join(' ')} ELSE -1 END` : '-1'
  const revenueArrays = ['rv_phase', 'rv_currency', 'rv_cents', 'rv_n']

  // Without bots every person is one row (person, bot 0): inside the range as stored, or cut from its events; no GROUP BY.
  // Two statements, stored rows then cut ones, so that the first (nearly every row) can scan journey_visitors in parallel:
  // a UNION with the cut's CTEs, or a correlated subquery (a shared session's list, looked up by totals instead), keeps a
  // statement on one process. The sessions of a person that shares one are NULL for a stored row (totals looks them up).
  const direct = (/** @type {string} */ source, fromColumns = false) => `SELECT r.person, r.linked, 1::bigint AS nrows, r.n::bigint AS n, r.first_at, r.last_at, r.channel, r.campaign,
      r.goal_at${phases.map((_, i) => `, r.f${i}, r.l${i}, r.n${i}, r.fs${i}, r.fa${i}`).join('')}, r.tp_sig, CASE WHEN r.shares THEN NULL ELSE r.ns END AS ns,
      r.shares, CASE WHEN r.shares THEN r.sessions END AS sessions, ${revenueArrays.map((a) => `r.${a}`).join(', ')}, r.steps
    FROM ${fromColumns ? `(SELECT r.*, r.k_goal_at AS goal_at${fromKept} FROM (${source}) r) r` : `(SELECT r.*, ${goalOnce} AS goal_at${single.length ? `, ${single.join(', ')}` : ''}, ${FENCE} FROM (
      SELECT r.*${positions.length ? `, ${positions.join(', ')}` : ''}, ${FENCE} FROM (${source}) r) r) r`}
    ${[...where, property].filter(Boolean).length ? `WHERE ${[...where, property ? `r.${property}` : ''].filter(Boolean).join(' AND ')}` : ''}`
  // The collector's own phase list and goal: numbers kept at ingest, read as they are (no array search per person).
  const readsKept = followsLayout(layout, phases, goal)
  const fromKept = phases.map((_, i) => `, r.k${i}_first AS f${i}, r.k${i}_last AS l${i}, r.k${i}_n::bigint AS n${i}, r.k${i}_fs AS fs${i}, r.k${i}_fa AS fa${i}`).join('')
  const keptNames = readsKept && layout ? keptColumns(layout).map(([name]) => `, r.${name}`).join('') : ''
  const stored = `SELECT ${mainColumns}${keptNames}, NULL::text[] AS sessions${needsDetails ? ', d.channels, d.campaigns' : ''}
      FROM journey_visitors r${needsDetails ? ' JOIN journey_visitor_details d USING (person, bot)' : ''} WHERE r.bot = 0 AND r.n > 0 AND ${inside}`
  const cutRows = `SELECT ${mainColumns}, sessions${needsDetails ? ', channels, campaigns' : ''} FROM (${cut}) c`
  // With bots a person may have two rows (bot 0 and 1): merged by one GROUP BY, with their details.
  const rows = `SELECT person, bot, ${SUMMARY_COLUMNS.join(', ')} FROM journey_visitors r JOIN journey_visitor_details d USING (person, bot) WHERE r.n > 0 AND ${inside}
    UNION ALL SELECT person, bot, ${SUMMARY_COLUMNS.join(', ')} FROM (${cut}) c`
  const merged = `SELECT person, linked, nrows, n, first_at, last_at, substr(first_key, ${VALUE_AT}) AS channel, substr(campaign_key, ${VALUE_AT}) AS campaign,
      goal_at${phases.map((_, i) => `, f${i}, l${i}, n${i}, fs${i}, fa${i}`).join('')},
      (SELECT json_agg(json_build_array(ph, type, n) ORDER BY ph COLLATE "C", type COLLATE "C")::text FROM (
        SELECT ph, type, sum(n)::integer AS n FROM unnest(tp_phase, tp_type, tp_n) AS u(ph, type, n) GROUP BY ph, type) t) AS tp_sig,
      CASE WHEN shares THEN NULL ELSE (SELECT count(DISTINCT x) FROM unnest(sessions) x) END AS ns, CASE WHEN shares THEN sessions END AS sessions,
      shares, ${revenueArrays.join(', ')}, CASE WHEN nrows = 1 THEN steps ELSE ${'(SELECT string_agg(substr(x, ' + VALUE_AT + "), chr(31) ORDER BY x) FROM (SELECT x FROM unnest(tail) x ORDER BY x DESC LIMIT " + PATH_STEPS + ') t)'} END AS steps
    FROM (
      SELECT r.person, max(r.linked) AS linked, count(*) AS nrows,
        sum(r.n) AS n, min(r.first_at) AS first_at, max(r.last_at) AS last_at, min(r.first_key) AS first_key, min(r.campaign_key) AS campaign_key,
        min(${goalAt}) AS goal_at${perPhase.length ? `, ${perPhase.join(', ')}` : ''}, bool_or(r.shares) AS shares,
        ${['tp_phase', 'tp_type', 'tp_n', 'sessions', ...revenueArrays, 'tail'].map((a) => `jt_cat(r.${a}) AS ${a}`).join(', ')}, min(r.steps) AS steps
      FROM (${rows}) r GROUP BY 1${having.length ? ` HAVING ${having.join(' AND ')}` : ''}
    ) m`

  const day = 86_400_000
  const bucket = (/** @type {string} */ t) => (trendUnit(query) === 'day' ? `(${t} / ${day}) * ${day}` : `((${t} / ${day} - 4) / 7 * 7 + 4) * ${day}`)
  // Per person, computed with jt_p: d{i} the time from phase i to the next (first touchpoints, in that order), dg to the goal, b{i} the trend bucket of phase i.
  const spans = [
    ...phases.slice(0, -1).map((_, i) => ({ phase: i, column: `d${i}`, sql: `CASE WHEN n${i} > 0 AND n${i + 1} > 0 AND f${i + 1} >= f${i} THEN f${i + 1} - f${i} END` })),
    { phase: -1, column: 'dg', sql: 'goal_at - first_at' },
  ]
  const bucketOf = (/** @type {string} */ ms) => `CASE ${HISTOGRAM_BOUNDS.map((bound, i) => `WHEN ${ms} < ${bound} THEN ${i}`).join(' ')} ELSE ${HISTOGRAM_BOUNDS.length} END`
  // h{k}: span k's histogram bucket, computed once per person here (in parallel workers) rather than once per bucket in totals.
  const derived = [
    ...spans.map((d) => `${d.sql} AS ${d.column}`),
    ...phases.map((_, i) => `CASE WHEN n${i} > 0 THEN ${bucket(`f${i}`)} END AS b${i}`),
    ...spans.map((d, k) => `CASE WHEN (${d.sql}) IS NOT NULL THEN ${bucketOf(`(${d.sql})`)} END AS h${k}`),
  ]
  // jt_p keeps only what the queries read: a phase's first and last times go into the spans, trend buckets and afterGoal
  // flags computed here (each byte of the 1.5 M rows is written once and read by every query).
  const kept = [
    'person', 'linked', 'n', 'last_at', 'channel', 'campaign', 'goal_at',
    ...phases.flatMap((_, i) => [`n${i}::integer AS n${i}`, `(n${i} > 0 AND l${i} > goal_at) AS after${i}`, `fs${i}`, `fa${i}`]),
    'tp_sig', 'ns', 'shares', 'sessions', ...revenueArrays, 'steps', 'furthest',
  ]
  const perPerson = (/** @type {string} */ rows) => `SELECT ${[...kept, ...derived].join(', ')} FROM (SELECT a.*, ${furthest} AS furthest FROM (${rows}) a) b`
  // jt_p analyzed: the planner then knows its rows (paths groups them by hashing rather than sorting 1.5 M rows).
  const setup = includeBots
    ? [...cutIds, `CREATE TEMP TABLE jt_p AS ${perPerson(`SELECT * FROM (${merged}) a${property ? ` WHERE a.${property}` : ''}`)}`, 'ANALYZE jt_p']
    : [...cutIds, `CREATE TEMP TABLE jt_p AS ${perPerson(direct(stored, readsKept))}`, `INSERT INTO jt_p ${perPerson(direct(cutRows))}`, 'ANALYZE jt_p']

  const rank = (/** @type {string} */ ms, /** @type {number} */ q) => `(array_agg(${ms} ORDER BY ${ms}) FILTER (WHERE ${ms} IS NOT NULL))[(count(${ms}) * ${q} + 99) / 100]`
  // Every distribution in one scan: count, nearest-rank quantiles and histogram buckets, one column each (assemble() makes rows of them).
  // A span's three quantiles share one sorted array: PostgreSQL computes identical aggregates once.
  const distributions = spans.map(({ column: d }, k) => [
    `count(${d}) AS dv${k}, ${rank(d, 25)} AS p25_${k}, ${rank(d, 50)} AS p50_${k}, ${rank(d, 90)} AS p90_${k}`,
    ...[...HISTOGRAM_BOUNDS, null].map((_, h) => `count(*) FILTER (WHERE h${k} = ${h}) AS h${k}_${h}`),
  ].join(', '))
  const phaseSums = phases.map((_, i) => `count(*) FILTER (WHERE n${i} > 0) AS v${i}, sum(n${i}) AS e${i},
    count(*) FILTER (WHERE after${i}) AS a${i}, sum(fs${i}) AS s${i}, count(*) FILTER (WHERE fs${i} = 1 AND fa${i} = 1 AND goal_at IS NULL) AS b${i}`)
  const revenueRows = `SELECT u.ph, u.currency, u.cents, u.n, p.channel, p.campaign
    FROM jt_p p, unnest(p.rv_phase, p.rv_currency, p.rv_cents, p.rv_n) AS u(ph, currency, cents, n) WHERE p.rv_n IS NOT NULL`
  const revenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {string} */ where) =>
    `SELECT '${scope}' AS scope, ${key} AS key, currency, sum(cents) AS cents, sum(n) AS purchases FROM rv${where} GROUP BY 2, currency`
  const listed = p(phases)

  return {
    setup,
    queries: {
      // Every one-row figure in one scan: totals, per-phase sums, distributions, and the sessions that are not one person's own
      // (few: counted distinct in assemble()).
      totals: `SELECT count(*) AS visitors, coalesce(sum(n), 0) AS events, coalesce(sum(ns), 0) AS own_sessions, jt_cat(CASE WHEN shares THEN coalesce(sessions,
          (SELECT x.sessions FROM journey_visitor_details x WHERE x.person = jt_p.person AND x.bot = 0)) END) AS shared_sessions
        ${[...phaseSums, ...distributions].map((x) => `, ${x}`).join('')} FROM jt_p`,
      // One scan for every count by a key: visitors per furthest phase and goal reached, per first channel, per first
      // campaign, and per phase and trend bucket (GROUPING says which key a row counts by; the other keys are NULL in it).
      groups: `SELECT CASE WHEN GROUPING(furthest) = 0 THEN 'people' WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(campaign) = 0 THEN 'campaign'
          ${phases.map((_, i) => `WHEN GROUPING(b${i}) = 0 THEN 'trend'`).join(' ')} END AS kind,
          ${phases.length ? `CASE ${phases.map((_, i) => `WHEN GROUPING(b${i}) = 0 THEN ${i}`).join(' ')} END` : 'NULL::integer'} AS phase,
          ${phases.length ? `coalesce(${phases.map((_, i) => `b${i}`).join(', ')})` : 'NULL::bigint'} AS bucket,
          furthest, reached, channel, campaign, count(*) AS visitors, count(goal_at) AS converted
        FROM (SELECT *, CASE WHEN goal_at IS NULL THEN 0 ELSE 1 END AS reached FROM jt_p) p
        GROUP BY GROUPING SETS ((furthest, reached), (channel), (campaign)${phases.map((_, i) => `, (b${i})`).join('')})`,
      // Persons with the same signature are counted together, then each signature's entries are summed here, in SQL:
      // the answer is one row per phase and type (tens), not one per signature (22 thousand at 1.56 M persons, whose
      // parsing on the collector's event loop held it for 0.2 s).
      touchpoints: `SELECT t.e->>0 AS phase, t.e->>1 AS type, sum((t.e->>2)::bigint * s.visitors) AS count, sum(s.visitors) AS visitors
        FROM (SELECT tp_sig, count(*) AS visitors FROM jt_p GROUP BY tp_sig) s, jsonb_array_elements(s.tp_sig::jsonb) AS t(e) GROUP BY 1, 2`,
      revenue: `WITH rv AS (${revenueRows}) ${[
        revenue('goal', "''", ''),
        revenue('phase', `CAST(array_position(${listed}, ph) - 1 AS text)`, ` WHERE ph = ANY(${listed})`),
        revenue('channel', 'channel', ''),
        revenue('campaign', 'campaign', ' WHERE campaign IS NOT NULL'),
      ].join(' UNION ALL ')}`,
      paths: `SELECT phase, steps, visitors FROM (
          SELECT phase, steps, count(*) AS visitors, row_number() OVER (PARTITION BY phase ORDER BY count(*) DESC, steps COLLATE "C") AS k FROM (
            SELECT furthest AS phase, steps FROM jt_p WHERE goal_at IS NULL AND furthest >= 0
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
      const wide = r.totals?.[0] ?? {}
      const wideDurations = wide
      /** @type {Map<string, number>} */
      const other = new Map()
      /** @type {{ phase: number, type: string, count: number, visitors: number }[]} */
      const touchpoints = []
      for (const { phase, type, count, visitors } of r.touchpoints ?? []) {
        const index = phases.indexOf(phase)
        if (index < 0) other.set(phase, (other.get(phase) ?? 0) + Number(count))
        else touchpoints.push({ phase: index, type, count: Number(count), visitors: Number(visitors) })
      }
      const groups = (/** @type {string} */ kind) => (r.groups ?? []).filter((g) => g.kind === kind)
      return {
        totals: { visitors: wide.visitors, events: wide.events, sessions: Number(wide.own_sessions) + new Set(wide.shared_sessions ?? []).size },
        people: groups('people').map((g) => ({ furthest: g.furthest, converted: g.reached, visitors: g.visitors })),
        phases: phases.map((_, i) => ({ phase: i, visitors: wide[`v${i}`], events: wide[`e${i}`] ?? 0, afterGoal: wide[`a${i}`], formStarts: wide[`s${i}`] ?? 0, formAbandons: wide[`b${i}`] })),
        touchpoints,
        durations: spans.map(({ phase }, k) => ({ phase, visitors: wideDurations[`dv${k}`], p25: wideDurations[`p25_${k}`], p50: wideDurations[`p50_${k}`], p90: wideDurations[`p90_${k}`] })),
        histogram: spans.flatMap(({ phase }, k) => [...HISTOGRAM_BOUNDS, null].map((_, bucket) => ({ phase, bucket, visitors: wideDurations[`h${k}_${bucket}`] }))),
        channels: groups('channel').map((g) => ({ channel: g.channel, visitors: g.visitors, converted: g.converted })),
        campaigns: groups('campaign').filter((g) => g.campaign !== null).map((g) => ({ campaign: g.campaign, visitors: g.visitors, converted: g.converted })),
        revenue: r.revenue ?? [],
        trend: groups('trend').filter((g) => g.bucket !== null).map((g) => ({ bucket: g.bucket, phase: g.phase, visitors: g.visitors })),
        paths: r.paths ?? [],
        otherPhases: [...other].map(([phase, events]) => ({ phase, events })),
        latest: r.latest ?? [],
      }
    },
  }
}
