// @ts-check
/**
 * The ClickHouse schema (runs on 18.16 and current releases: no DateTime64, times are Int64 ms).
 *
 * journey_events is a ReplacingMergeTree ordered by (anonymous_id, id): the sorting key is
 * what de-duplicates, so it must name the event and nothing a retry can change (a retry
 * recomputes occurred_at from its own sentAt). `version` is highest for the first copy
 * received, so a merge keeps what the SQL stores keep. Merges happen in the background,
 * so every read uses FINAL: figures are right with duplicates still present.
 * The key also serves the lookups: insert() asks which of a batch's ids are stored (and, after
 * inserting, which have a second copy), a timeline reads one anonymous_id's range of the key.
 * A batch's anonymous ids are scattered over the whole key, so each lookup reads one granule per
 * anonymous id: granules of 1,024 rows instead of the default 8,192 make that 8 times less reading.
 *
 * journey_identities appends every link; the first per anonymous_id (argMin by linked_at) wins.
 *
 * The map reads per-visitor summaries, not events (issue 10: visitors are far fewer than events).
 * The store inserts each batch's new events once, into the Null table journey_ingest; materialized
 * views copy them into journey_events and aggregate them into three summaries per (UTC hour, bot,
 * anonymous id), so a summary sees exactly the rows insert() stored and never a copy made another
 * way. Anonymous ids, phases, types and steps are keyed by sipHash64 (UInt64 keys group several
 * times faster than 36-character strings; journey_names maps phase and type hashes back to text):
 * - journey_touch_hours (AggregatingMergeTree, ORDER BY hour, bot, anon, phase_h, type_h, currency):
 *   per phase and type, touchpoints, first and last time, revenue;
 * - journey_visitor_hours (AggregatingMergeTree, ORDER BY hour, bot, anon): first channel and campaign
 *   (argMin by time then id, as one string: ORDER_KEY), channels and campaigns seen, sessions, the anonymous id as text (text_id);
 * - journey_tail_hours (MergeTree, ORDER BY hour, bot, anon): the last three steps of each inserted
 *   block with their ORDER_KEY, for drop-off paths.
 * Whole hours of a range come from the summaries; the partial hours at its ends, and property
 * filters (which a summary cannot know in advance), from journey_events.
 * Two collector instances racing on the same retried batch both store it: journey_copies keeps
 * every stored copy for a few hours (partitioned by receive hour, old partitions dropped), from it
 * journey_uncounted (ReplacingMergeTree by id and copy) records every copy but the first, and the
 * figures subtract them (min, max, argMin and set states need no correction).
 */

/** Keeps the first-received copy on merge: a smaller receivedAt gives a larger version. */
export const versionOf = (/** @type {number} */ receivedAt) => 9_999_999_999_999 - Math.round(receivedAt)

export const CLICKHOUSE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS journey_events (
    id           String,
    type         String,
    phase        String,
    anonymous_id String,
    user_id      String,
    session_id   String,
    channel      String,
    campaign     String,
    path         String,
    value_cents  Nullable(Int64),
    currency     String,
    prop_pairs   String,
    bot          UInt8,
    occurred_at  Int64,
    received_at  Int64,
    event        String,
    version      UInt64,
    copy         String
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY (anonymous_id, id)
  SETTINGS index_granularity = 1024`,
  `CREATE TABLE IF NOT EXISTS journey_identities (
    anonymous_id String,
    user_id      String,
    linked_at    Int64
  ) ENGINE = ReplacingMergeTree
  ORDER BY (anonymous_id, user_id)`,
]

import { PATH_STEPS } from '../analytics/definitions.js'

/** The hour of a time in ms, the summaries' unit of range. */
export const HOUR_MS = 3_600_000

/** Columns journey_ingest and journey_events share (journey_ingest has the same list). */
const EVENT_COLUMNS = `id String, type String, phase String, anonymous_id String, user_id String, session_id String, channel String,
    campaign String, path String, value_cents Nullable(Int64), currency String, prop_pairs String, bot UInt8, occurred_at Int64,
    received_at Int64, event String, version UInt64, copy String`

/**
 * The per-event expressions a summary groups by; `sipHash64` keys (see above).
 * `step` is the drop-off path label (analytics/touchpoint.js stepLabel).
 */
const KEYS = `intDiv(occurred_at, ${HOUR_MS}) AS hour, bot, sipHash64(anonymous_id) AS anon`

/**
 * An event's place in time order, (occurred_at, id), as one string: 15 digits of time (ms since
 * 1970, offset so every time until the year 30000 has the same width), then the id. argMin and
 * arraySort by a string compare bytes; by a tuple, ClickHouse 18.16 compares generic values,
 * about three times slower over a month of visitor-hours.
 */
export const ORDER_KEY = 'concat(toString(occurred_at + toInt64(100000000000000)), id)'

/**
 * A summary whose columns changed since a store was made is dropped and filled again from the
 * events when the store opens: the column that tells the current layout apart, and its type.
 */
export const SUMMARY_LAYOUT = Object.freeze({
  journey_visitor_hours: ['first_channel', 'AggregateFunction(argMin, String, String)'],
  journey_tail_hours: ['tail_key', 'Array(String)'],
})

/** Summaries of journey_ingest, created after the tables; every one leaves out internal touchpoints. */
export const CLICKHOUSE_SUMMARY_SCHEMA = (/** @type {string} */ internal) => [
  `CREATE TABLE IF NOT EXISTS journey_ingest (${EVENT_COLUMNS}) ENGINE = Null`,
  `CREATE TABLE IF NOT EXISTS journey_touch_hours (
    hour Int64, bot UInt8, anon UInt64, phase_h UInt64, type_h UInt64, currency String,
    n AggregateFunction(sum, Int64), first_at AggregateFunction(min, Int64), last_at AggregateFunction(max, Int64),
    cents AggregateFunction(sum, Int64), purchases AggregateFunction(sum, Int64)
  ) ENGINE = AggregatingMergeTree ORDER BY (hour, bot, anon, phase_h, type_h, currency)`,
  `CREATE TABLE IF NOT EXISTS journey_visitor_hours (
    hour Int64, bot UInt8, anon UInt64,
    text_id AggregateFunction(any, String),
    first_channel AggregateFunction(argMin, String, String),
    first_campaign AggregateFunction(argMinIf, String, String, UInt8),
    channels AggregateFunction(groupUniqArray, String), campaigns AggregateFunction(groupUniqArray, String),
    sessions AggregateFunction(uniqExact, String)
  ) ENGINE = AggregatingMergeTree ORDER BY (hour, bot, anon)`,
  `CREATE TABLE IF NOT EXISTS journey_tail_hours (
    hour Int64, bot UInt8, anon UInt64, tail_key Array(String), tail_step Array(UInt64)
  ) ENGINE = MergeTree ORDER BY (hour, bot, anon)`,
  `CREATE TABLE IF NOT EXISTS journey_names (h UInt64, name String) ENGINE = ReplacingMergeTree ORDER BY h`,
  `CREATE TABLE IF NOT EXISTS journey_uncounted (
    id String, copy String, hour Int64, bot UInt8, anon UInt64, phase_h UInt64, type_h UInt64, currency String, value_cents Nullable(Int64)
  ) ENGINE = ReplacingMergeTree ORDER BY (id, copy)`,
  // Every stored copy, by receive hour, kept a few hours: journey_events cannot tell raced copies
  // apart once a background merge has folded them into one row; this plain MergeTree never does.
  `CREATE TABLE IF NOT EXISTS journey_copies (
    received_hour Int64, id String, copy String, anonymous_id String, hour Int64, bot UInt8, anon UInt64, phase_h UInt64, type_h UInt64, currency String, value_cents Nullable(Int64)
  ) ENGINE = MergeTree PARTITION BY received_hour ORDER BY (anonymous_id, id)`,
  `CREATE MATERIALIZED VIEW IF NOT EXISTS journey_events_mv TO journey_events AS SELECT * FROM journey_ingest`,
  `CREATE MATERIALIZED VIEW IF NOT EXISTS journey_copies_mv TO journey_copies AS
    SELECT intDiv(received_at, ${HOUR_MS}) AS received_hour, id, copy, anonymous_id, ${KEYS}, sipHash64(phase) AS phase_h, sipHash64(type) AS type_h, currency, value_cents
    FROM journey_ingest WHERE type NOT IN (${internal})`,
  ...Object.entries(summarySelects(internal, 'journey_ingest')).map(([table, select]) => `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_mv TO ${table} AS ${select}`),
]

/**
 * What each summary aggregates from a source of events: journey_ingest for the materialized views,
 * journey_events FINAL when a store made before the summaries fills them once.
 * @param {string} internal the internal types, as a SQL list
 * @param {string} source
 * @returns {Record<'journey_touch_hours' | 'journey_visitor_hours' | 'journey_tail_hours' | 'journey_names', string>}
 */
export const summarySelects = (internal, source) => ({
  journey_touch_hours: `SELECT ${KEYS}, sipHash64(phase) AS phase_h, sipHash64(type) AS type_h, currency,
      sumState(toInt64(1)) AS n, minState(occurred_at) AS first_at, maxState(occurred_at) AS last_at,
      sumState(toInt64(ifNull(value_cents, 0))) AS cents, sumState(toInt64(isNotNull(value_cents))) AS purchases
    FROM ${source} WHERE type NOT IN (${internal}) GROUP BY hour, bot, anon, phase_h, type_h, currency`,
  journey_visitor_hours: `SELECT ${KEYS}, anyState(anonymous_id) AS text_id, argMinState(channel, ${ORDER_KEY}) AS first_channel,
      argMinIfState(campaign, ${ORDER_KEY}, campaign != '') AS first_campaign,
      groupUniqArrayState(channel) AS channels, groupUniqArrayState(campaign) AS campaigns, uniqExactState(session_id) AS sessions
    FROM ${source} WHERE type NOT IN (${internal}) GROUP BY hour, bot, anon`,
  // Two arrays, not one of tuples: 18.16 stores Array(Tuple) columns as Nested, which a view cannot fill.
  // (A view with a subquery does not work on 18.16, so the sorted tail is spelled out twice.)
  journey_tail_hours: `SELECT ${KEYS}, ${['tail_key', 'tail_step'].map((name, i) => `arrayMap(x -> x.${i + 1}, arraySlice(arraySort(groupArray((${ORDER_KEY}, sipHash64(concat(type, ' ', path))))), -${PATH_STEPS})) AS ${name}`).join(', ')}
      FROM ${source} WHERE type NOT IN (${internal}) GROUP BY hour, bot, anon`,
  journey_names: `SELECT DISTINCT pair.1 AS h, pair.2 AS name
    FROM ${source} ARRAY JOIN [(sipHash64(phase), phase), (sipHash64(type), type), (sipHash64(concat(type, ' ', path)), concat(type, ' ', path))] AS pair`,
})
