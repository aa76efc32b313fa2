// @ts-check
/**
 * The ClickHouse schema (runs on 18.16 and current releases: no DateTime64, times are Int64 ms).
 *
 * journey_events is a ReplacingMergeTree ordered by (anonymous_id, id): the sorting key is
 * what de-duplicates, so it must name the event and nothing a retry can change (a retry
 * recomputes occurred_at from its own sentAt). `version` is highest for the first copy
 * received, so a merge keeps what the SQL stores keep. Merges happen in the background,
 * so every read uses FINAL: figures are right with duplicates still present.
 * The key also serves the queries: the figures group by person (anonymous ids sorted
 * together), a timeline reads one anonymous_id's range of the key.
 *
 * journey_identities appends every link; the first per anonymous_id (argMin by linked_at) wins.
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
    version      UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY (anonymous_id, id)`,
  `CREATE TABLE IF NOT EXISTS journey_identities (
    anonymous_id String,
    user_id      String,
    linked_at    Int64
  ) ENGINE = ReplacingMergeTree
  ORDER BY (anonymous_id, user_id)`,
]
