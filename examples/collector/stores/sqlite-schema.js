// @ts-check
/**
 * The SQLite schema. Indexes, each for a query:
 * - journey_events (occurred_at, id): the figures' range scan and the export's keyset pages;
 * - journey_events (anonymous_id, occurred_at): a visitor's timeline;
 * - journey_events (received_at): health()'s lastReceivedAt, one index lookup;
 * - journey_identities primary key anonymous_id: resolving a visitor to a person in the figures' join;
 *   (user_id): a timeline looked up by userId.
 * Tables are new names (journey_*): a database from an earlier collector keeps its old `events` table untouched.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS journey_events (
  id           TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  phase        TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  user_id      TEXT,
  session_id   TEXT NOT NULL,
  channel      TEXT NOT NULL,
  campaign     TEXT NOT NULL,
  path         TEXT NOT NULL,
  value_cents  INTEGER,
  currency     TEXT,
  prop_pairs   TEXT NOT NULL,
  bot          INTEGER NOT NULL,
  occurred_at  INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  event        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS journey_events_time ON journey_events (occurred_at, id);
CREATE INDEX IF NOT EXISTS journey_events_visitor ON journey_events (anonymous_id, occurred_at);
CREATE INDEX IF NOT EXISTS journey_events_received ON journey_events (received_at);
CREATE TABLE IF NOT EXISTS journey_identities (
  anonymous_id TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL,
  linked_at    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS journey_identities_user ON journey_identities (user_id);
`
