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

/**
 * The per-person summaries the map reads instead of events (postgres-summaries.js keeps them):
 * one row per person (the first userId linked to an anonymousId, else the anonymousId) and bot
 * flag over all their touchpoints, so a map reads one row per visitor rather than one per event.
 * A person whose touchpoints all fall inside the range is read as stored; one with touchpoints on
 * both sides of a range end is summarized from its events in the range (exact; few in a month-long
 * view). Every figure can be derived for any phase list and goal:
 * - linked: whether the person is a userId; channel, campaign: of the first touchpoint (with a campaign);
 * - ph*: per phase name its first and last time, touchpoints, and whether a form was started or abandoned;
 * - ty/ty_first: each type's first time (the goal's time); rv_*: purchase cents and count per phase and currency;
 * - steps: the last three touchpoints' steps joined by U+001F (drop-off paths);
 * - sig: the hash of the person's touchpoint signature (its touchpoints per phase and type), whose entries are a row of
 *   journey_signatures (postgres-signatures.js): persons with the same signature are counted together, so the map never
 *   unnests most persons' arrays;
 * - ns: how many sessions; shares: whether one of them was also seen on another anonymousId (journey_sessions).
 *   Sessions in a range are the sum of ns over the persons whose sessions are their own, plus a distinct count of the others'.
 * journey_visitor_details holds what only merging a person's bot and human rows (bots included) or a channel or
 * campaign filter needs, so journey_visitors, which every map scans, stays narrow:
 * - first_key / campaign_key: `lpad(at, 16) || id || channel` (or campaign): the minimum is the first touchpoint
 *   by (time, id) — ids are UUIDs, 36 characters, so the text after 52 is the value; tail: the last three touchpoints so;
 * - sessions, channels, campaigns, tp_* (touchpoints per phase and type) as arrays.
 * journey_sessions: each session's first anonymousId and bot flag, and whether another one used it too.
 * Internal touchpoints (identify) are left out. Indexes (first_at) and (last_at): the persons a range cuts, found
 * without a scan (first before the range and last in or after it, or last after the range and first before its end).
 * jt_cat concatenates arrays over rows (array_cat as an aggregate). journey_visitors also has the kept columns of the
 * collector's own phase list and goal (k_goal_at, k{i}_first …), added by postgres-layout.js: their number follows the list.
 */
export const POSTGRES_SUMMARIES = `
CREATE TABLE IF NOT EXISTS journey_visitors (
  person       text NOT NULL,
  bot          smallint NOT NULL,
  linked       smallint,
  n            integer NOT NULL DEFAULT 0,
  first_at     bigint,
  last_at      bigint,
  channel      text,
  campaign     text,
  ph           text[],
  ph_first     bigint[],
  ph_last      bigint[],
  ph_n         integer[],
  ph_fs        integer[],
  ph_fa        integer[],
  ty           text[],
  ty_first     bigint[],
  rv_phase     text[],
  rv_currency  text[],
  rv_cents     bigint[],
  rv_n         integer[],
  steps        text,
  sig          bigint,
  ns           integer,
  shares       boolean,
  PRIMARY KEY (person, bot)
);
CREATE INDEX IF NOT EXISTS journey_visitors_first ON journey_visitors (first_at);
CREATE TABLE IF NOT EXISTS journey_visitor_details (
  person       text NOT NULL,
  bot          smallint NOT NULL,
  first_key    text COLLATE "C",
  campaign_key text COLLATE "C",
  sessions     text[],
  channels     text[],
  campaigns    text[],
  tp_phase     text[],
  tp_type      text[],
  tp_n         integer[],
  tail         text[] COLLATE "C",
  PRIMARY KEY (person, bot)
);
CREATE TABLE IF NOT EXISTS journey_sessions (
  session_id   text PRIMARY KEY,
  anonymous_id text NOT NULL,
  bot          smallint NOT NULL,
  shared       boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS journey_visitors_last ON journey_visitors (last_at);
CREATE OR REPLACE AGGREGATE jt_cat(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);
`
