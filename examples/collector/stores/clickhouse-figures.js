// @ts-check
/**
 * The map's aggregates in ClickHouse SQL (18.16 and later: no window functions; argMin,
 * groupArray, arraySort instead), read from the per-visitor-hour summaries of
 * clickhouse-schema.js, so a call reads about one row per visitor and phase-type rather than
 * one per event. Whole hours of the range come from the summaries; the partial hours at its two
 * ends come from journey_events (de-duplicated by id, as FINAL would), aggregated into the same
 * shape. Property filters also read journey_events (a summary cannot know which property will be
 * asked for). Persons are resolved here, by joining the small identities table on hashed ids.
 *
 * Temporary tables of one session, built in order:
 * - jt_ids: anonymous id hash → person hash (the first userId linked, hashed);
 * - jt_e: the partial hours' events, de-duplicated (read from journey_events once per call);
 * - jt_a: per person: first/last time, goal, furthest phase, and for each listed phase its first and last time, touchpoints and form starts/abandons (columns f0, l0, n0…);
 * - jt_v: per person: first channel and campaign, whether they match the segment's filters;
 * - jt_p: the two joined, for the segment's persons; jt_d: durations between phases and to the goal;
 * - jt_r: revenue per person, phase and currency with the person's channel and campaign;
 * - jt_t: the last steps of the segment's persons who stopped before the goal.
 */
import { DEFAULT_GOAL, HISTOGRAM_BOUNDS, INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE, PATH_STEPS, QUANTILES, trendUnit } from '../analytics/definitions.js'
import { propertyPair } from '../analytics/touchpoint.js'
import { literal } from './clickhouse-http.js'
import { HOUR_MS, ORDER_KEY } from './clickhouse-schema.js'

/** `[sipHash64('a'), …]`: the hashes the summaries key phases and types by. @param {readonly string[]} values */
const hashes = (values) => `[${values.map((v) => `sipHash64(${literal(v)})`).join(', ')}]`

/** The de-duplication FINAL does, for the few rows of a range's partial hours: the highest version per id. */
const RAW_COLUMNS = ['type', 'phase', 'session_id', 'channel', 'campaign', 'path', 'value_cents', 'currency', 'occurred_at']

/**
 * @param {import('./store.js').FigureQuery} query
 * @param {string} db the database, named in every table: a session's temporary tables live outside it
 */
export function clickhouseStatements(query, db) {
  const { from, to, phases, goal = DEFAULT_GOAL, filters = {}, includeBots = false } = query
  const internal = INTERNAL_TYPES.map(literal).join(', ')
  const bot = `bot <= ${includeBots ? 1 : 0}`
  // Whole hours [h0, h1) from the summaries; the rest of [from, to) from events.
  const h0 = Math.ceil(from / HOUR_MS)
  const h1 = Math.floor(to / HOUR_MS)
  const whole = h0 < h1
  const hours = whole ? `hour >= ${h0} AND hour < ${h1} AND ${bot}` : '0'
  const edge = whole
    ? [from < h0 * HOUR_MS && `(occurred_at >= ${literal(from)} AND occurred_at < ${h0 * HOUR_MS})`, to > h1 * HOUR_MS && `(occurred_at >= ${h1 * HOUR_MS} AND occurred_at < ${literal(to)})`].filter(Boolean).join(' OR ')
    : `occurred_at >= ${literal(from)} AND occurred_at < ${literal(to)}`
  // The partial hours' events, de-duplicated, are read once into jt_e; every figure's part for them reads that.
  const raw = 'jt_e'
  const edgeEvents = `CREATE TEMPORARY TABLE jt_e ENGINE = Memory AS SELECT anonymous_id, id, ${RAW_COLUMNS.map((c) => `argMax(${c}, version) AS ${c}`).join(', ')}
    FROM (SELECT anonymous_id, id, version, ${RAW_COLUMNS.join(', ')} FROM ${db}.journey_events PREWHERE ${edge || '0'} WHERE type NOT IN (${internal}) AND ${bot})
    GROUP BY anonymous_id, id`

  const ph = phases.length ? `toInt32(indexOf(${hashes(phases)}, phase_h)) - 1` : 'toInt32(-1)'
  const isGoal = goal.length ? `has(${hashes(goal)}, type_h)` : '0'
  const person = 'if(pid = 0, anon, pid)'
  const segmented = Boolean(filters.channel || filters.campaign || filters.firstChannel || filters.property || filters.type)
  const seg = segmented ? ' AND person IN (SELECT person FROM jt_p)' : ''
  const property = filters.property ? literal(propertyPair(filters.property.name, filters.property.value)) : ''

  /**
   * Touchpoint states of the range: summary rows, the partial hours' events, minus raced copies. Revenue
   * columns only when asked: 18.16 reads a UNION's unused columns too.
   * @param {string} [where] a condition on the summary's key columns, pushed into every part
   * @param {boolean} [money] with currency, cents and purchases
   */
  const touchStates = (where = '1', money = false) => {
    const [summary, events, copies] = money
      ? [
          ', currency, cents AS scents, purchases AS spurchases',
          ', currency, sumState(toInt64(ifNull(value_cents, 0))) AS scents, sumState(toInt64(isNotNull(value_cents))) AS spurchases',
          ', currency, sumState(-toInt64(ifNull(value_cents, 0))) AS scents, sumState(-toInt64(isNotNull(value_cents))) AS spurchases',
        ]
      : ['', '', '']
    const key = `anon, phase_h, type_h${money ? ', currency' : ''}`
    return `SELECT anon, phase_h, type_h, n AS sn, first_at AS sfirst, last_at AS slast${summary}
    FROM ${db}.journey_touch_hours WHERE ${hours} AND ${where}
    UNION ALL SELECT sipHash64(anonymous_id) AS anon, sipHash64(phase) AS phase_h, sipHash64(type) AS type_h, sumState(toInt64(1)) AS sn,
      minState(occurred_at) AS sfirst, maxState(occurred_at) AS slast${events}
    FROM ${raw} GROUP BY ${key} HAVING ${where}
    UNION ALL SELECT anon, phase_h, type_h, sumState(toInt64(-1)) AS sn, minState(toInt64(9223372036854775807)) AS sfirst,
      maxState(toInt64(-9223372036854775807)) AS slast${copies}
    FROM (SELECT * FROM ${db}.journey_uncounted FINAL WHERE ${hours} AND ${where}) GROUP BY ${key}`
  }
  const visitorStates = (/** @type {string} */ columns, /** @type {string} */ rawColumns) =>
    `SELECT anon, ${columns} FROM ${db}.journey_visitor_hours WHERE ${hours}
     UNION ALL SELECT sipHash64(anonymous_id) AS anon, ${rawColumns} FROM ${raw} GROUP BY anon`

  const having = [
    filters.channel && `has(channels, ${literal(filters.channel)})`,
    filters.campaign && `has(campaigns, ${literal(filters.campaign)})`,
    filters.firstChannel && `fchannel = ${literal(filters.firstChannel)}`,
  ].filter(Boolean)
  const day = 86_400_000
  const histogram = `multiIf(${HISTOGRAM_BOUNDS.map((bound, i) => `ms < ${bound}, ${i}`).join(', ')}, ${HISTOGRAM_BOUNDS.length})`
  const [q25, q50, q90] = QUANTILES.map((q) => `s[toUInt64(intDiv(length(s) * ${q} + 99, 100))]`)
  const revenue = (/** @type {string} */ scope, /** @type {string} */ key, /** @type {string} */ where = '') =>
    `SELECT ${literal(scope)} AS scope, ${key} AS key, currency, sum(cents) AS cents, sum(purchases) AS purchases FROM jt_r${where ? ` WHERE ${where}` : ''} GROUP BY key, currency`

  const FS = "sipHash64('form_start')"
  const FA = "sipHash64('form_abandon')"
  // One row per person, one column per listed phase: a single GROUP BY on one UInt64 key, the
  // cheapest aggregation ClickHouse has; every per-phase figure is then a scan of jt_p.
  // ph, goal, fs and fa are computed once per row in a subquery (18.16 would evaluate the expression in every aggregate).
  // Which phases a person has touchpoints in, started a form in, abandoned one in: one bit per phase, so three
  // aggregates (per 64 phases) instead of three per phase: a person's aggregation costs per aggregate and row.
  const chunks = Array.from({ length: Math.ceil(phases.length / 64) }, (_, c) => c)
  const bits = (/** @type {string} */ name, /** @type {string} */ when) =>
    chunks.map((c) => `groupBitOr(if(${when} AND intDiv(ph, 64) = ${c}, bitShiftLeft(toUInt64(1), toUInt8(ph % 64)), toUInt64(0))) AS ${name}${c}`).join(', ')
  const bit = (/** @type {string} */ name, /** @type {number} */ i) => `bitAnd(bitShiftRight(${name}${Math.floor(i / 64)}, ${i % 64}), 1)`
  const perPhase = [
    ...phases.map((_, i) => `minMergeIf(sfirst, ph = ${i}) AS f${i}, maxMergeIf(slast, ph = ${i}) AS l${i}`),
    ...(phases.length ? [bits('seen', 'ph >= 0'), bits('fsm', 'ph >= 0 AND fs'), bits('fam', 'ph >= 0 AND fa')] : []),
  ].join(',\n')
  // n_i, fs_i, fa_i: 1 when the person has a touchpoint, a form start, a form abandon in phase i.
  const phaseColumns = phases.map((_, i) => `f${i}, l${i}, ${bit('seen', i)} AS n${i}, ${bit('fsm', i)} AS fs${i}, ${bit('fam', i)} AS fa${i}`).join(', ')
  const union = (/** @type {string[]} */ parts, /** @type {string} */ none) => (parts.length ? parts.join(' UNION ALL ') : none)

  /** The statements that leave the segment's persons in jt_p (the export runs only these). */
  const segment = [
    `CREATE TEMPORARY TABLE jt_ids ENGINE = Memory AS
     SELECT sipHash64(anonymous_id) AS anon, sipHash64(argMin(user_id, linked_at)) AS pid FROM ${db}.journey_identities GROUP BY anonymous_id`,
    edgeEvents,
    `CREATE TEMPORARY TABLE jt_a ENGINE = Memory AS
     SELECT ${person} AS person, minMerge(sfirst) AS p_first, maxMerge(slast) AS p_last, minMergeIf(sfirst, goal) AS goal_at,
       max(goal) AS converted, max(ph) AS furthest${perPhase ? `,\n${perPhase}` : ''}
       ${filters.type ? `, max(type_h = sipHash64(${literal(filters.type)})) AS typed` : ''}
     FROM (SELECT anon, type_h, ${ph} AS ph, ${isGoal} AS goal, type_h = ${FS} AS fs, type_h = ${FA} AS fa, sn, sfirst, slast FROM (${touchStates()}))
     ANY LEFT JOIN jt_ids USING anon GROUP BY person${filters.type ? ' HAVING typed = 1' : ''}`,
    // The sets of channels and campaigns seen are read only when a filter asks (18.16 reads a UNION's unused columns too).
    `CREATE TEMPORARY TABLE jt_v ENGINE = Memory AS
     SELECT person, max(pid != 0) AS linked, argMinMerge(first_channel) AS fchannel, argMinIfMerge(first_campaign) AS fcampaign
       ${filters.channel ? ', groupUniqArrayMerge(seen_channels) AS channels' : ''}${filters.campaign ? ', groupUniqArrayMerge(seen_campaigns) AS campaigns' : ''}
     FROM (${visitorStates(
       `first_channel, first_campaign${filters.channel ? ', channels AS seen_channels' : ''}${filters.campaign ? ', campaigns AS seen_campaigns' : ''}`,
       `argMinState(channel, ${ORDER_KEY}) AS first_channel, argMinIfState(campaign, ${ORDER_KEY}, campaign != '') AS first_campaign${filters.channel ? ', groupUniqArrayState(channel) AS seen_channels' : ''}${filters.campaign ? ', groupUniqArrayState(campaign) AS seen_campaigns' : ''}`,
     )})
     ANY LEFT JOIN jt_ids USING anon GROUP BY ${person} AS person${having.length ? ` HAVING ${having.join(' AND ')}` : ''}`,
    `CREATE TEMPORARY TABLE jt_p ENGINE = Memory AS
     SELECT person, linked, p_first AS first_at, p_last AS last_at, goal_at, converted, furthest, fchannel, fcampaign${phaseColumns ? `, ${phaseColumns}` : ''}
     FROM jt_a ALL INNER JOIN jt_v USING person
     ${property ? `WHERE person IN (SELECT ${person} AS person FROM (SELECT sipHash64(anonymous_id) AS anon FROM ${db}.journey_events
       PREWHERE occurred_at >= ${literal(from)} AND occurred_at < ${literal(to)} WHERE type NOT IN (${internal}) AND ${bot} AND position(prop_pairs, ${property}) > 0 GROUP BY anon)
       ANY LEFT JOIN jt_ids USING anon)` : ''}`,
  ]
  const trendOf = (/** @type {string} */ at) => (trendUnit(query) === 'day' ? `intDiv(${at}, ${day}) * ${day}` : `(intDiv(intDiv(${at}, ${day}) - 4, 7) * 7 + 4) * ${day}`)
  return {
    segment,
    drop: ['jt_ids', 'jt_e', 'jt_a', 'jt_v', 'jt_p', 'jt_d', 'jt_r', 'jt_t'],
    setup: [
      ...segment,
      `CREATE TEMPORARY TABLE jt_d ENGINE = Memory AS
       ${union(
         phases.slice(0, -1).map((_, i) => `SELECT toInt32(${i}) AS phase, f${i + 1} - f${i} AS ms FROM jt_p WHERE n${i} > 0 AND n${i + 1} > 0 AND f${i + 1} >= f${i}`),
         '',
       )}${phases.length > 1 ? ' UNION ALL ' : ''}SELECT toInt32(-1) AS phase, goal_at - first_at AS ms FROM jt_p WHERE converted = 1`,
      `CREATE TEMPORARY TABLE jt_r ENGINE = Memory AS
       SELECT ${ph} AS ph, cents, purchases, currency, fchannel AS channel, fcampaign AS campaign
       FROM (SELECT person, fchannel, fcampaign FROM jt_p)
       ALL INNER JOIN (SELECT ${person} AS person, phase_h, currency, sumMerge(scents) AS cents, sumMerge(spurchases) AS purchases
         FROM (${touchStates("currency != ''", true)}) ANY LEFT JOIN jt_ids USING anon GROUP BY person, phase_h, currency) USING person WHERE purchases != 0`,
      // The last steps of the persons who stopped before the goal: their tails, merged per person, sorted by ORDER_KEY
      // (a raced copy of an event appears twice, with the same key: kept once).
      `CREATE TEMPORARY TABLE jt_t ENGINE = Memory AS
       SELECT person, arraySlice(arrayFilter((s, u) -> u = 1, arraySort((s, k) -> k, groupArrayArray(tail_step), groupArrayArray(tail_key)), arrayEnumerateUniq(arraySort(groupArrayArray(tail_key)))), -${PATH_STEPS}) AS steps
       FROM (SELECT ${person} AS person, tail_key, tail_step FROM (
         SELECT anon, tail_key, tail_step FROM ${db}.journey_tail_hours WHERE ${hours}
         UNION ALL SELECT sipHash64(anonymous_id) AS anon, arrayMap(x -> x.1, tail) AS tail_key, arrayMap(x -> x.2, tail) AS tail_step
           FROM (SELECT anonymous_id, arraySlice(arraySort(groupArray((${ORDER_KEY}, sipHash64(concat(type, ' ', path))))), -${PATH_STEPS}) AS tail FROM ${raw} GROUP BY anonymous_id)
       ) ANY LEFT JOIN jt_ids USING anon)
       WHERE person IN (SELECT person FROM jt_p WHERE converted = 0 AND furthest >= 0) GROUP BY person`,
    ],
    /** Sessions are the only set across persons: merged once over the segment's visitor-hour rows. */
    sessions: `SELECT uniqExactMerge(s) AS n FROM (
        SELECT ${segmented ? person : 'anon'} AS person, s FROM (${visitorStates('sessions AS s', 'uniqExactState(session_id) AS s')})${segmented ? ' ANY LEFT JOIN jt_ids USING anon' : ''}
      ) WHERE 1${seg}`,
    /** Touchpoints per phase and type hash (names looked up after), other phases, and events (the WITH TOTALS row). */
    touchpoints: `SELECT ${ph} AS phase_index, if(phase_index = -1, phase_h, 0) AS other, type_h, sumMerge(sn) AS count, uniqExact(${person}) AS visitors
      FROM (${touchStates()}) ANY LEFT JOIN jt_ids USING anon${segmented ? ` WHERE ${person} IN (SELECT person FROM jt_p)` : ''} GROUP BY phase_index, other, type_h WITH TOTALS`,
    /**
     * The paths per phase with at least as many visitors as its PATHS_PER_PHASE-th most common (ties included: they are
     * ordered by their text, known only once the names are looked up), not every path: at 10 M events there are tens of
     * thousands, and parsing them all on the collector's event loop delayed /collect.
     */
    paths: `SELECT phase, p.2 AS steps, p.1 AS visitors FROM (
        SELECT phase, groupArray((visitors, steps)) AS ps, arrayElement(arrayReverseSort(groupArray(visitors)), ${PATHS_PER_PHASE}) AS cut FROM (
          SELECT furthest AS phase, steps, count() AS visitors
          FROM jt_t ANY INNER JOIN (SELECT person, furthest FROM jt_p WHERE converted = 0 AND furthest >= 0) USING person GROUP BY furthest, steps
        ) GROUP BY phase
      ) ARRAY JOIN ps AS p WHERE p.1 >= cut`,
    /** The most recently seen persons, ties included (their texts are looked up after). */
    latest: `SELECT person, linked, last_at AS lastSeen, furthest FROM jt_p
      WHERE last_at >= (SELECT min(last_at) FROM (SELECT last_at FROM jt_p ORDER BY last_at DESC LIMIT ${LATEST_VISITORS}))`,
    /** The text of person hashes: a linked person's userId, or the anonymous id. */
    personTexts: (/** @type {string[]} */ linked, /** @type {string[]} */ anonymous) =>
      `SELECT toString(h) AS hash, any(text) AS person_text FROM (
        SELECT sipHash64(user_id) AS h, user_id AS text FROM ${db}.journey_identities WHERE h IN (${linked.join(', ') || '0'})
        UNION ALL SELECT anon AS h, anyMerge(text_id) AS text FROM ${db}.journey_visitor_hours WHERE anon IN (${anonymous.join(', ') || '0'}) GROUP BY anon
      ) GROUP BY h`,
    /** The text of phase, type and step hashes. */
    names: (/** @type {string[]} */ list) => `SELECT toString(h) AS hash, any(name) AS text FROM ${db}.journey_names WHERE h IN (${list.join(', ') || '0'}) GROUP BY h`,
    queries: {
      people: 'SELECT furthest, converted, count() AS visitors FROM jt_p GROUP BY furthest, converted',
      phases: union(
        phases.map((_, i) => `SELECT toInt32(${i}) AS phase, countIf(n${i} > 0) AS visitors, countIf(n${i} > 0 AND converted = 1 AND l${i} > goal_at) AS afterGoal,
          sum(fs${i}) AS formStarts, countIf(fs${i} = 1 AND fa${i} = 1 AND converted = 0) AS formAbandons FROM jt_p`),
        'SELECT toInt32(0) AS phase, 0 AS visitors, 0 AS afterGoal, 0 AS formStarts, 0 AS formAbandons FROM jt_p WHERE 0',
      ),
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
      trend: union(
        phases.map((_, i) => `SELECT ${trendOf(`f${i}`)} AS bucket, toInt32(${i}) AS phase, count() AS visitors FROM jt_p WHERE n${i} > 0 GROUP BY bucket`),
        'SELECT 0 AS bucket, toInt32(0) AS phase, 0 AS visitors FROM jt_p WHERE 0',
      ),
    },
  }
}
