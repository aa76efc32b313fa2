// @ts-check
/**
 * The PostgreSQL schema. Times are bigint epoch milliseconds, the same numbers in every
 * store (`to_timestamp(occurred_at / 1000.0)` reads them as dates). Indexes, each for a query:
 * - journey_events (occurred_at, id): the figures' range scan and the export's keyset pages;
 * - journey_events (anonymous_id, occurred_at): a visitor's timeline;
 * - journey_events (received_at): health()'s lastReceivedAt, one index lookup instead of count(*);
 * - journey_identities primary key anonymous_id (the figures' person join) and (user_id) for timelines.
 * Strings are capped by the batch schema (journeytag/schema LIMITS), so no index row can outgrow a page.
 */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS journey_events (
  id           text PRIMARY KEY,
  type         text NOT NULL,
  phase        text NOT NULL,
  anonymous_id text NOT NULL,
  user_id      text,
  session_id   text NOT NULL,
  channel      text NOT NULL,
  campaign     text NOT NULL,
  path         text NOT NULL,
  value_cents  bigint,
  currency     text,
  prop_pairs   text NOT NULL,
  bot          smallint NOT NULL,
  occurred_at  bigint NOT NULL,
  received_at  bigint NOT NULL,
  event        jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS journey_events_time ON journey_events (occurred_at, id);
CREATE INDEX IF NOT EXISTS journey_events_visitor ON journey_events (anonymous_id, occurred_at);
CREATE INDEX IF NOT EXISTS journey_events_received ON journey_events (received_at);
CREATE TABLE IF NOT EXISTS journey_identities (
  anonymous_id text PRIMARY KEY,
  user_id      text NOT NULL,
  linked_at    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS journey_identities_user ON journey_identities (user_id);
`
