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
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, QUANTILES, trendUnit } from '../analytics/definitions.js'
import { propertyPair } from '../analytics/touchpoint.js'
import { followsLayout } from './postgres-layout.js'
import { derivedColumn, personValues, spans } from './postgres-person.js'
import { SIGNATURE_HASH, signatureEntries } from './postgres-signatures.js'
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
 * @param {{ anyCut?: boolean }} [options] `anyCut: false` once setup left jt_p empty (no person the range cuts): the queries of an
 *   in-place map then read journey_visitors alone, without a UNION ALL with jt_p (which costs each pass about a quarter)
 */
export function postgresStatements(query, layout = null, { anyCut = true } = {}) {
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const p = literal
  const bot = p(includeBots ? 1 : 0)
  const inside = `r.first_at >= ${p(from)} AND r.last_at < ${p(to)}`
  // Persons with touchpoints on both sides of a range end (found through the first_at and last_at indexes):
  // their touchpoints in the range, summarized as ingest would.
  const straddling = `SELECT s.person FROM journey_visitors s WHERE s.bot <= ${bot} AND s.n > 0
    AND ((s.first_at < ${p(from)} AND s.last_at >= ${p(from)}) OR (s.last_at >= ${p(to)} AND s.first_at < ${p(to)}))`
  // jt_cut (built first, and analyzed, so the planner knows how many): every anonymousId of those persons, with its person.
  // DISTINCT, not DISTINCT ON: a row's person and link follow from its id, and DISTINCT may hash where DISTINCT ON sorts
  // (320 thousand ids by their text for a 1-day map at 10 M events: 2.7 s of its 3.2 s).
  const cutIds = [
    `CREATE TEMP TABLE jt_cut AS SELECT DISTINCT x.a AS anonymous_id, coalesce(i.user_id, x.a) AS person, CASE WHEN i.user_id IS NULL THEN 0 ELSE 1 END AS linked
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
  const revenueArrays = ['rv_phase', 'rv_currency', 'rv_cents', 'rv_n']

  // Without bots every person is one row (person, bot 0): inside the range as stored, or cut from its events; no GROUP BY.
  // Two statements, stored rows then cut ones, so that the first (nearly every row) can scan journey_visitors in parallel:
  // a UNION with the cut's CTEs, or a correlated subquery (a shared session's list, looked up by totals instead), keeps a
  // statement on one process. The sessions of a person that shares one are NULL for a stored row (totals looks them up).
  const direct = (/** @type {string} */ source) => `SELECT r.person, r.linked, 1::bigint AS nrows, r.n::bigint AS n, r.first_at, r.last_at, r.channel, r.campaign,
      r.goal_at${phases.map((_, i) => `, r.f${i}, r.l${i}, r.n${i}, r.fs${i}, r.fa${i}`).join('')}, r.sig, r.tp_sig, CASE WHEN r.shares THEN NULL ELSE r.ns END AS ns,
      r.shares, CASE WHEN r.shares THEN r.sessions END AS sessions, ${revenueArrays.map((a) => `r.${a}`).join(', ')}, r.steps
    FROM (SELECT r.*, ${goalOnce} AS goal_at${single.length ? `, ${single.join(', ')}` : ''}, ${FENCE} FROM (
      SELECT r.*${positions.length ? `, ${positions.join(', ')}` : ''}, ${FENCE} FROM (${source}) r) r) r
    ${[...where, property].filter(Boolean).length ? `WHERE ${[...where, property ? `r.${property}` : ''].filter(Boolean).join(' AND ')}` : ''}`
  // The collector's own phase list and goal: numbers kept at ingest, read as they are (no array search per person).
  const readsKept = followsLayout(layout, phases, goal)
  const stored = `SELECT ${mainColumns}, NULL::text[] AS sessions, NULL::text AS tp_sig${needsDetails ? ', d.channels, d.campaigns' : ''}
      FROM journey_visitors r${needsDetails ? ' JOIN journey_visitor_details d USING (person, bot)' : ''} WHERE r.bot = 0 AND r.n > 0 AND ${inside}`
  const cutRows = `SELECT ${mainColumns}, sessions, tp_sig${needsDetails ? ', channels, campaigns' : ''} FROM (${cut}) c`
  // With bots a person may have two rows (bot 0 and 1): merged by one GROUP BY, with their details.
  const rows = `SELECT person, bot, ${SUMMARY_COLUMNS.join(', ')} FROM journey_visitors r JOIN journey_visitor_details d USING (person, bot) WHERE r.n > 0 AND ${inside}
    UNION ALL SELECT person, bot, ${SUMMARY_COLUMNS.join(', ')} FROM (${cut}) c`
  const merged = `SELECT person, linked, nrows, n, first_at, last_at, substr(first_key, ${VALUE_AT}) AS channel, substr(campaign_key, ${VALUE_AT}) AS campaign,
      goal_at${phases.map((_, i) => `, f${i}, l${i}, n${i}, fs${i}, fa${i}`).join('')},
      (SELECT json_agg(json_build_array(ph, type, n) ORDER BY ph COLLATE "C", type COLLATE "C")::text FROM (
        SELECT ph, type, sum(n)::integer AS n FROM unnest(tp_phase, tp_type, tp_n) AS u(ph, type, n) GROUP BY ph, type) t) AS tp_sig,
      CASE WHEN shares THEN NULL ELSE (SELECT count(DISTINCT x) FROM unnest(sessions) x) END AS ns, CASE WHEN shares THEN sessions END AS sessions,
      shares, ${revenueArrays.join(', ')}, ${FENCE}, CASE WHEN nrows = 1 THEN steps ELSE ${'(SELECT string_agg(substr(x, ' + VALUE_AT + "), chr(31) ORDER BY x) FROM (SELECT x FROM unnest(tail) x ORDER BY x DESC LIMIT " + PATH_STEPS + ') t)'} END AS steps
    FROM (
      SELECT r.person, max(r.linked) AS linked, count(*) AS nrows,
        sum(r.n) AS n, min(r.first_at) AS first_at, max(r.last_at) AS last_at, min(r.first_key) AS first_key, min(r.campaign_key) AS campaign_key,
        min(${goalAt}) AS goal_at${perPhase.length ? `, ${perPhase.join(', ')}` : ''}, bool_or(r.shares) AS shares,
        ${['tp_phase', 'tp_type', 'tp_n', 'sessions', ...revenueArrays, 'tail'].map((a) => `jt_cat(r.${a}) AS ${a}`).join(', ')}, min(r.steps) AS steps
      FROM (${rows}) r GROUP BY 1${having.length ? ` HAVING ${having.join(' AND ')}` : ''}
    ) m`
  // Its signature's hash, from the text computed once per person (FENCE keeps PostgreSQL from computing it again for the hash).
  const mergedWithSig = `SELECT m.*, ${SIGNATURE_HASH} AS sig FROM (${merged}) m`

  const unit = trendUnit(query)
  // Per person, from its phase figures (postgres-person.js): furthest, after{i}, the spans d{i} / dg with their histogram
  // buckets h{k}, and each phase's trend bucket b{i} in this range's unit. Stored rows of the kept list keep them (kd_*).
  const values = personValues(phases.length, (name) => name).filter(([name]) => !/^b[dw]\d/.test(name) || name[1] === unit[0])
  const valueName = (/** @type {string} */ name) => (/^b[dw]\d/.test(name) ? `b${name.slice(2)}` : name)
  const spanList = spans(phases.length, (name) => name)
  // jt_p's columns, in order, each as SQL over a direct() or merged row `a`: only what the queries read
  // (each byte of 1.5 M rows is read by every query).
  /** @type {[string, string][]} */
  const columns = [
    ...['person', 'linked', 'n', 'last_at', 'channel', 'campaign', 'goal_at'].map((c) => /** @type {[string, string]} */ ([c, c])),
    ...phases.flatMap((_, i) => /** @type {[string, string][]} */ ([[`n${i}`, `n${i}::integer`], [`fs${i}`, `fs${i}`], [`fa${i}`, `fa${i}`]])),
    ...['sig', 'tp_sig', 'ns', 'shares', 'sessions', ...revenueArrays, 'steps'].map((c) => /** @type {[string, string]} */ ([c, c])),
    ...values.map(([name, , sql]) => /** @type {[string, string]} */ ([valueName(name), sql])),
  ]
  const perPerson = (/** @type {string} */ rows) => `SELECT ${columns.map(([name, sql]) => `${sql} AS ${name}`).join(', ')} FROM (${rows}) a`
  // A stored row of the kept list as a jt_p row: its kept columns, read as they are (postgres-layout.js).
  const keptSql = (/** @type {string} */ name) => {
    // The types of jt_p's columns: with the same types in both branches, PostgreSQL flattens the UNION ALL and reads only the columns a query needs.
    if (name === 'n') return 'r.n::bigint'
    if (name === 'linked') return 'r.linked::integer'
    if (name === 'goal_at') return 'r.k_goal_at'
    if (name === 'ns') return 'CASE WHEN r.shares THEN NULL ELSE r.ns END'
    if (name === 'sessions') return 'NULL::text[]'
    if (name === 'tp_sig') return 'NULL::text'
    const phase = /^(n|fs|fa)(\d+)$/.exec(name)
    if (phase) return `r.k${phase[2]}_${phase[1]}`
    if (/^b\d/.test(name)) return `r.${derivedColumn(`b${unit[0]}${name.slice(1)}`)}`
    return values.some(([v]) => valueName(v) === name) ? `r.${derivedColumn(name)}` : `r.${name}`
  }
  const storedKept = `SELECT ${columns.map(([name]) => `${keptSql(name)} AS ${name}`).join(', ')}
    FROM (SELECT r.*${needsDetails ? ', d.channels, d.campaigns' : ''} FROM journey_visitors r${needsDetails ? ' JOIN journey_visitor_details d USING (person, bot)' : ''}) r
    WHERE r.bot = 0 AND r.n > 0 AND ${inside}${[...where, property ? `r.${property}` : ''].filter(Boolean).map((c) => ` AND ${c}`).join('')}`
  // The kept list without bots: jt_p holds only the persons the range cuts, and every query reads the stored rows from
  // journey_visitors as they are (no 1.5 M-row temporary table to write, nothing computed per row) together with them.
  const fromKeptRows = readsKept && !includeBots
  // jt_p analyzed: the planner then knows its rows (paths groups them by hashing rather than sorting 1.5 M rows).
  const setup = includeBots
    ? [...cutIds, `CREATE TEMP TABLE jt_p AS ${perPerson(`SELECT * FROM (${mergedWithSig}) a${property ? ` WHERE a.${property}` : ''}`)}`, 'ANALYZE jt_p']
    : fromKeptRows
      ? [...cutIds, `CREATE TEMP TABLE jt_p AS ${perPerson(direct(cutRows))}`, 'ANALYZE jt_p']
      : [...cutIds, `CREATE TEMP TABLE jt_p AS ${perPerson(direct(stored))}`, `INSERT INTO jt_p ${perPerson(direct(cutRows))}`, 'ANALYZE jt_p']
  /** What the queries read, named jt_p. */
  const persons = fromKeptRows ? `(${storedKept}${anyCut ? ' UNION ALL SELECT * FROM jt_p' : ''}) jt_p` : 'jt_p'

  // Every distribution in one scan: each span's durations sorted once (one array_agg ORDER BY, not kept in the answer).
  // Its nearest-rank quantiles are positions in that array, and its histogram buckets the counts at or below each bound
  // less one (width_bucket, a binary search: integer milliseconds, so "ms < bound" is "ms <= bound - 1"), rather than
  // one FILTER aggregate per bucket: per person, aggregates are most of this scan's cost (30 of them were the buckets).
  const distributions = spanList.map(({ name: d }, k) => `count(${d}) AS dv${k}, array_agg(${d} ORDER BY ${d}) FILTER (WHERE ${d} IS NOT NULL) AS sorted${k}`)
  const below = (/** @type {number} */ k, /** @type {number} */ bound) => `coalesce(width_bucket(${bound - 1}::bigint, sorted${k}), 0)`
  const fromSorted = spanList.flatMap((_, k) => [
    `dv${k}`,
    ...QUANTILES.map((q) => `sorted${k}[(dv${k} * ${q} + 99) / 100] AS p${q}_${k}`),
    ...[...HISTOGRAM_BOUNDS, null].map((bound, h) => {
      const upTo = bound === null ? `dv${k}` : below(k, bound)
      return `(${upTo} - ${h ? below(k, /** @type {number} */ (HISTOGRAM_BOUNDS[h - 1])) : '0'})::bigint AS h${k}_${h}`
    }),
  ])
  const phaseSums = phases.map((_, i) => `count(*) FILTER (WHERE n${i} > 0) AS v${i}, sum(n${i}) AS e${i},
    count(*) FILTER (WHERE after${i}) AS a${i}, sum(fs${i}) AS s${i}, count(*) FILTER (WHERE fs${i} = 1 AND fa${i} = 1 AND goal_at IS NULL) AS b${i}`)
  const listed = p(phases)
  // Every count by a key in one GROUP BY over four grouping sets (one scan; GROUPING says which set a row is of: jt_g),
  // each with one aggregate, count(*): hashing a row into a set costs about as much as an aggregate, so the keys of
  // few combined values share a set and the sums over them are taken from its rows (a few thousand) afterwards:
  // - 'person': furthest phase, goal reached, first channel and campaign, revenue arrays (visitors per furthest phase
  //   and goal, per channel, per campaign, and the revenue of persons with the same arrays summed once, times how many);
  // - 'trend': each phase's trend bucket; - 'signature': the touchpoints per phase and type; - 'path': the drop-off path
  //   of persons who stopped before the goal.
  const trendKeys = phases.map((_, i) => `b${i}`)
  /** @type {[string, string[]][]} */
  const sets = /** @type {[string, string[]][]} */ ([
    ['person', ['furthest', 'reached', 'channel', 'campaign', ...revenueArrays]],
    ['trend', trendKeys],
    ['signature', ['sig']],
    ['path', ['path_phase', 'path_steps']],
  ]).filter(([, k]) => k.length)
  const setOf = sets.map(([name, k]) => `WHEN GROUPING(${k[0] ?? ''}) = 0 THEN '${name}'`)
  const grouped = `SELECT CASE ${setOf.join(' ')} END AS jt_g, ${sets.flatMap(([, k]) => k).join(', ')}, count(*) AS visitors
    FROM (SELECT *, CASE WHEN goal_at IS NULL THEN 0 ELSE 1 END AS reached, CASE WHEN goal_at IS NULL AND furthest >= 0 THEN furthest END AS path_phase,
      CASE WHEN goal_at IS NULL AND furthest >= 0 THEN steps END AS path_steps FROM ${persons}) p
    GROUP BY GROUPING SETS (${sets.map(([, k]) => `(${k.join(', ')})`).join(', ')})`
  const revenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {string} */ where) =>
    `SELECT 'revenue', '${scope}', ${key}, currency, NULL::integer, NULL::integer, NULL, NULL, NULL::bigint, sum(n * visitors), sum(cents * visitors), NULL, NULL::bigint FROM rv${where} GROUP BY 3, currency`
  const person = (/** @type {string} */ kind, /** @type {string} */ key) =>
    `SELECT '${kind}', NULL, NULL, NULL, ${kind === 'people' ? 'furthest, reached' : 'NULL, NULL'}, ${kind === 'channel' ? 'channel' : 'NULL'}, ${kind === 'campaign' ? 'campaign' : 'NULL'}, NULL, sum(visitors),
      sum(visitors) FILTER (WHERE reached = 1), NULL, NULL FROM g WHERE jt_g = 'person' GROUP BY ${key}`
  // One statement answers every count, a row per figure (jt_g names it; amount is the converted visitors, touchpoints or
  // cents, and visitors the purchases of a revenue row). Touchpoints: each signature's entries summed here, in SQL
  // (one row per phase and type, not one per signature: 22 thousand at 1.56 M persons, whose parsing on the collector's
  // event loop held it for 0.2 s).
  const counts = `WITH g AS MATERIALIZED (${grouped}),
    rv AS (SELECT u.ph, u.currency, u.cents, u.n, g.visitors, g.channel, g.campaign FROM g, unnest(g.rv_phase, g.rv_currency, g.rv_cents, g.rv_n) AS u(ph, currency, cents, n)
      WHERE g.jt_g = 'person' AND g.rv_n IS NOT NULL)
    SELECT 'people' AS jt_g, NULL AS scope, NULL AS key, NULL AS currency, furthest, reached, NULL AS channel, NULL AS campaign, NULL::bigint AS bucket, sum(visitors) AS visitors,
      NULL::numeric AS amount, NULL AS steps, NULL::bigint AS k FROM g WHERE jt_g = 'person' GROUP BY furthest, reached
    UNION ALL ${person('channel', 'channel')}
    UNION ALL ${person('campaign', 'campaign')}
    ${trendKeys.length ? `UNION ALL SELECT 'trend', NULL, t.i::text, NULL, NULL, NULL, NULL, NULL, t.b, sum(g.visitors), NULL, NULL, NULL
      FROM g, LATERAL (VALUES ${trendKeys.map((b, i) => `(${i}, g.${b})`).join(', ')}) AS t(i, b) WHERE g.jt_g = 'trend' AND t.b IS NOT NULL GROUP BY t.i, t.b` : ''}
    UNION ALL SELECT 'touchpoint', t.ph, t.type, NULL, NULL, NULL, NULL, NULL, NULL, sum(g.visitors), sum(t.n::bigint * g.visitors), NULL, NULL
      FROM g JOIN (${signatureEntries('g')}) t ON t.sig = g.sig WHERE g.jt_g = 'signature' GROUP BY 2, 3
    UNION ALL SELECT 'path', NULL, path_phase::text, NULL, NULL, NULL, NULL, NULL, NULL, visitors, NULL, path_steps, k FROM (
        SELECT path_phase, path_steps, visitors, row_number() OVER (PARTITION BY path_phase ORDER BY visitors DESC, path_steps COLLATE "C") AS k
        FROM g WHERE jt_g = 'path' AND path_phase IS NOT NULL) x WHERE k <= ${PATHS_PER_PHASE}
    UNION ALL ${[
      revenue('goal', "''", ''),
      revenue('phase', `CAST(array_position(${listed}, ph) - 1 AS text)`, ` WHERE ph = ANY(${listed})`),
      revenue('channel', 'channel', ''),
      revenue('campaign', 'campaign', ' WHERE campaign IS NOT NULL'),
    ].join(' UNION ALL ')}`

  // The stored rows' newest, read backwards through the index on last_at (a few rows, not a scan), then with the cut ones.
  const latest = (/** @type {string} */ rows) => `SELECT person AS visitor, CASE WHEN linked = 1 THEN person END AS "userId", last_at AS "lastSeen", furthest FROM ${rows}
    ORDER BY last_at DESC, person COLLATE "C" LIMIT ${LATEST_VISITORS}`

  return {
    setup,
    queries: {
      // Every one-row figure in one scan: totals, per-phase sums, distributions, and the sessions that are not one person's own
      // (few: counted distinct in assemble()).
      totals: `SELECT visitors, events, own_sessions, shared_sessions${[...phases.flatMap((_, i) => ['v', 'e', 'a', 's', 'b'].map((x) => `${x}${i}`)), ...fromSorted].map((x) => `, ${x}`).join('')}
        FROM (SELECT count(*) AS visitors, coalesce(sum(n), 0) AS events, coalesce(sum(ns), 0) AS own_sessions, jt_cat(CASE WHEN shares THEN coalesce(sessions,
          (SELECT x.sessions FROM journey_visitor_details x WHERE x.person = jt_p.person AND x.bot = 0)) END) AS shared_sessions
        ${[...phaseSums, ...distributions].map((x) => `, ${x}`).join('')} FROM ${persons}) t`,
      counts,
      latest: fromKeptRows
        ? `SELECT * FROM (${[storedKept, ...(anyCut ? ['SELECT * FROM jt_p'] : [])].map((rows) => `(${latest(`(${rows}) jt_p`)})`).join(' UNION ALL ')}) l ORDER BY "lastSeen" DESC, visitor COLLATE "C" LIMIT ${LATEST_VISITORS}`
        : latest('jt_p'),
    },
    /**
     * The Aggregates from the queries' rows (by name).
     * @param {Record<string, any[]>} r
     * @returns {import('../analytics/assemble.js').Aggregates}
     */
    assemble(r) {
      const wide = r.totals?.[0] ?? {}
      const rows = (/** @type {string} */ kind) => (r.counts ?? []).filter((g) => g.jt_g === kind)
      /** @type {Map<string, number>} */
      const other = new Map()
      /** @type {{ phase: number, type: string, count: number, visitors: number }[]} */
      const touchpoints = []
      for (const { scope: phase, key: type, amount: count, visitors } of rows('touchpoint')) {
        const index = phases.indexOf(phase)
        if (index < 0) other.set(phase, (other.get(phase) ?? 0) + Number(count))
        else touchpoints.push({ phase: index, type, count: Number(count), visitors: Number(visitors) })
      }
      const trend = rows('trend').map((g) => ({ ...g, phase: Number(g.key) }))
      const paths = rows('path').map((g) => ({ phase: Number(g.key), steps: g.steps, visitors: g.visitors, k: Number(g.k) })).sort((a, b) => a.phase - b.phase || a.k - b.k)
      return {
        totals: { visitors: wide.visitors, events: wide.events, sessions: Number(wide.own_sessions) + new Set(wide.shared_sessions ?? []).size },
        people: rows('people').map((g) => ({ furthest: g.furthest, converted: g.reached, visitors: g.visitors })),
        phases: phases.map((_, i) => ({ phase: i, visitors: wide[`v${i}`], events: wide[`e${i}`] ?? 0, afterGoal: wide[`a${i}`], formStarts: wide[`s${i}`] ?? 0, formAbandons: wide[`b${i}`] })),
        touchpoints,
        durations: spanList.map(({ phase }, k) => ({ phase, visitors: wide[`dv${k}`], p25: wide[`p25_${k}`], p50: wide[`p50_${k}`], p90: wide[`p90_${k}`] })),
        histogram: spanList.flatMap(({ phase }, k) => [...HISTOGRAM_BOUNDS, null].map((_, bucket) => ({ phase, bucket, visitors: wide[`h${k}_${bucket}`] }))),
        channels: rows('channel').map((g) => ({ channel: g.channel, visitors: g.visitors, converted: g.amount })),
        campaigns: rows('campaign').filter((g) => g.campaign !== null).map((g) => ({ campaign: g.campaign, visitors: g.visitors, converted: g.amount })),
        revenue: rows('revenue').map((g) => ({ scope: g.scope, key: g.key, currency: g.currency, cents: g.amount, purchases: g.visitors })),
        trend: trend.filter((g) => g.bucket !== null).map((g) => ({ bucket: g.bucket, phase: g.phase, visitors: g.visitors })),
        paths: paths.map(({ phase, steps, visitors }) => ({ phase, steps, visitors })),
        otherPhases: [...other].map(([phase, events]) => ({ phase, events })),
        latest: r.latest ?? [],
      }
    },
  }
}
