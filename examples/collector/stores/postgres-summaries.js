// @ts-check
/**
 * PostgreSQL's per-visitor summaries (journey_visitors, postgres-schema.js): one SQL that
 * summarizes any set of events into that table's rows, used three ways so they can never
 * disagree — at ingest for the visitors a batch touched, once over all events when a store
 * made before the summaries opens (the backfill), and by the map for the visitors whose
 * touchpoints straddle an end of its range (from their events in the range, postgres-figures.js).
 */
import { INTERNAL_TYPES } from '../analytics/definitions.js'

/** journey_visitors' columns after its key: what every map reads. */
export const MAIN_COLUMNS = [
  'user_id', 'n', 'first_at', 'last_at', 'channel', 'campaign', 'ph', 'ph_first', 'ph_last', 'ph_n', 'ph_fs', 'ph_fa', 'ty', 'ty_first',
  'rv_phase', 'rv_currency', 'rv_cents', 'rv_n', 'steps', 'tp_sig', 'ns', 'shares',
]
/** journey_visitor_details' columns after its key: what merging a person's rows needs. */
export const DETAIL_COLUMNS = ['first_key', 'campaign_key', 'sessions', 'channels', 'campaigns', 'tp_phase', 'tp_type', 'tp_n', 'tail']
/** Every column summarySql() answers after the key. */
export const SUMMARY_COLUMNS = [...MAIN_COLUMNS, ...DETAIL_COLUMNS]

const internal = INTERNAL_TYPES.map((t) => `'${t}'`).join(', ')
/** `lpad(time, 16) || id`: sorts by (time, id) as text; ids are UUIDs (36 characters), so what follows starts at 53. */
const timeId = "lpad(e.occurred_at::text, 16, '0') || e.id"

/**
 * The summary rows (hour, anonymous_id, bot, …SUMMARY_COLUMNS) of the events `source` yields.
 * @param {string} source a FROM clause naming journey_events `e`, with its WHERE (no internal-type condition needed)
 */
export function summarySql(source) {
  const key = 'anonymous_id, bot'
  return `WITH src AS (
    SELECT e.anonymous_id, e.bot, e.id, e.type, e.phase, e.session_id, e.channel, e.campaign,
      e.value_cents, e.currency, e.occurred_at AS at, ${timeId} AS tid, e.type || ' ' || e.path AS step
    FROM ${source} AND e.type NOT IN (${internal})
  ), l1 AS (
    SELECT ${key}, phase, type, count(*)::integer AS n, min(at) AS f, max(at) AS l FROM src GROUP BY ${key}, phase, type
  ), phs AS (
    SELECT ${key}, array_agg(phase) AS ph, array_agg(f) AS ph_first, array_agg(l) AS ph_last, array_agg(n) AS ph_n, array_agg(fs) AS ph_fs, array_agg(fa) AS ph_fa
    FROM (SELECT ${key}, phase, min(f) AS f, max(l) AS l, sum(n)::integer AS n, max(CASE WHEN type = 'form_start' THEN 1 ELSE 0 END) AS fs,
      max(CASE WHEN type = 'form_abandon' THEN 1 ELSE 0 END) AS fa FROM l1 GROUP BY ${key}, phase) x GROUP BY ${key}
  ), tps AS (
    SELECT ${key}, array_agg(phase) AS tp_phase, array_agg(type) AS tp_type, array_agg(n) AS tp_n,
      json_agg(json_build_array(phase, type, n) ORDER BY phase COLLATE "C", type COLLATE "C")::text AS tp_sig FROM l1 GROUP BY ${key}
  ), tys AS (
    SELECT ${key}, array_agg(type) AS ty, array_agg(f) AS ty_first FROM (SELECT ${key}, type, min(f) AS f FROM l1 GROUP BY ${key}, type) x GROUP BY ${key}
  ), rvs AS (
    SELECT ${key}, array_agg(phase) AS rv_phase, array_agg(currency) AS rv_currency, array_agg(cents) AS rv_cents, array_agg(n) AS rv_n
    FROM (SELECT ${key}, phase, currency, sum(value_cents)::bigint AS cents, count(*)::integer AS n FROM src WHERE value_cents IS NOT NULL GROUP BY ${key}, phase, currency) x
    GROUP BY ${key}
  ), vis AS (
    SELECT ${key}, count(*)::integer AS n, min(at) AS first_at, max(at) AS last_at, min(tid || channel COLLATE "C") AS first_key,
      min(tid || campaign COLLATE "C") FILTER (WHERE campaign <> '') AS campaign_key, array_agg(DISTINCT session_id) AS sessions,
      array_agg(DISTINCT channel) AS channels, array_agg(DISTINCT campaign) FILTER (WHERE campaign <> '') AS campaigns,
      (array_agg(tid || step COLLATE "C" ORDER BY tid COLLATE "C" DESC))[1:3] AS tail_desc
    FROM src GROUP BY ${key}
  )
  SELECT ${key}, i.user_id, n, first_at, last_at, first_key, campaign_key, substr(first_key, 53) AS channel, substr(campaign_key, 53) AS campaign,
    sessions, channels, campaigns,
    ph, ph_first, ph_last, ph_n, ph_fs, ph_fa, tp_phase, tp_type, tp_n, ty, ty_first, rv_phase, rv_currency, rv_cents, rv_n,
    ARRAY(SELECT x FROM unnest(tail_desc) x ORDER BY x COLLATE "C") AS tail,
    (SELECT string_agg(substr(x, 53), chr(31) ORDER BY x COLLATE "C") FROM unnest(tail_desc) x) AS steps,
    tp_sig, cardinality(sessions) AS ns, EXISTS (SELECT 1 FROM journey_sessions js WHERE js.session_id = ANY(sessions) AND js.shared) AS shares
  FROM vis JOIN phs USING (${key}) JOIN tps USING (${key}) JOIN tys USING (${key}) LEFT JOIN rvs USING (${key})
    LEFT JOIN journey_identities i USING (anonymous_id)`
}

/**
 * Brings the summaries of the visitors a batch touched up to date, inside the batch's
 * transaction. First every visitor's row is locked, in key order (so concurrent batches cannot
 * deadlock); only then, in a new statement whose snapshot sees every batch committed before it
 * got the locks, are the rows recomputed from all their events. A batch that commits later
 * recomputes after this one, so no event is ever left out.
 * @param {import('pg').PoolClient} c
 * @param {{ anonymous_id: string, bot: number }[]} keys the visitors of the events the batch stored,
 *   and of the identity links it stored (both bot flags: either row now belongs to the user)
 * @param {{ session_id: string, anonymous_id: string, bot: number }[]} [sessions] the sessions of the events the batch stored
 */
export async function refreshSummaries(c, keys, sessions = []) {
  if (sessions.length) {
    // Sessions in id order (no deadlock); a session another row already holds becomes shared, and that row is refreshed too.
    const { rows } = await c.query(
      `INSERT INTO journey_sessions AS js (session_id, anonymous_id, bot, shared)
       SELECT session_id, min(anonymous_id COLLATE "C"), min(bot), count(DISTINCT (anonymous_id, bot)) > 1
       FROM unnest($1::text[], $2::text[], $3::smallint[]) AS s(session_id, anonymous_id, bot) GROUP BY session_id ORDER BY session_id COLLATE "C"
       ON CONFLICT (session_id) DO UPDATE SET shared = true
         WHERE NOT js.shared AND (EXCLUDED.shared OR (js.anonymous_id, js.bot) IS DISTINCT FROM (EXCLUDED.anonymous_id, EXCLUDED.bot))
       RETURNING js.anonymous_id, js.bot, js.shared`,
      [sessions.map((x) => x.session_id), sessions.map((x) => x.anonymous_id), sessions.map((x) => x.bot)],
    )
    keys = [...keys, ...rows.filter((r) => r.shared)]
  }
  if (!keys.length) return
  const params = [keys.map((k) => k.anonymous_id), keys.map((k) => k.bot)]
  const keyList = 'SELECT DISTINCT * FROM unnest($1::text[], $2::smallint[]) AS k(anonymous_id, bot)'
  await c.query(
    `INSERT INTO journey_visitors (anonymous_id, bot) SELECT * FROM (${keyList}) k ORDER BY anonymous_id COLLATE "C", bot
     ON CONFLICT (anonymous_id, bot) DO UPDATE SET n = journey_visitors.n`,
    params,
  )
  const source = `(${keyList}) k JOIN journey_events e ON e.anonymous_id = k.anonymous_id AND e.bot = k.bot WHERE true`
  await c.query(
    `WITH s AS MATERIALIZED (${summarySql(source)}),
     main AS (UPDATE journey_visitors v SET ${MAIN_COLUMNS.map((col) => `${col} = s.${col}`).join(', ')}
       FROM s WHERE v.anonymous_id = s.anonymous_id AND v.bot = s.bot)
     INSERT INTO journey_visitor_details (anonymous_id, bot, ${DETAIL_COLUMNS.join(', ')})
     SELECT anonymous_id, bot, ${DETAIL_COLUMNS.join(', ')} FROM s ORDER BY anonymous_id COLLATE "C", bot
     ON CONFLICT (anonymous_id, bot) DO UPDATE SET ${DETAIL_COLUMNS.map((col) => `${col} = EXCLUDED.${col}`).join(', ')}`,
    params,
  )
  // A key with no touchpoint (only identify events, or a linked id's other bot flag) keeps no row.
  await c.query(`DELETE FROM journey_visitors v USING (${keyList}) k WHERE v.anonymous_id = k.anonymous_id AND v.bot = k.bot AND v.n = 0`, params)
}

/**
 * Fills the summaries from every stored event: run once, in the transaction that creates the
 * summary table, when a store made before the summaries existed opens.
 * @param {import('pg').PoolClient} c
 */
export async function backfillSummaries(c) {
  // One GROUP BY over every event: memory for the hash tables instead of sorts spilled to disk.
  await c.query("SET LOCAL work_mem = '512MB'")
  await c.query('TRUNCATE journey_sessions')
  await c.query(`INSERT INTO journey_sessions (session_id, anonymous_id, bot, shared)
    SELECT session_id, (array_agg(anonymous_id ORDER BY occurred_at, id))[1], (array_agg(bot ORDER BY occurred_at, id))[1], count(DISTINCT (anonymous_id, bot)) > 1
    FROM journey_events GROUP BY session_id`)
  await c.query(`CREATE TEMP TABLE jt_backfill ON COMMIT DROP AS ${summarySql('journey_events e WHERE true')}`)
  await c.query(`INSERT INTO journey_visitors (anonymous_id, bot, ${MAIN_COLUMNS.join(', ')}) SELECT anonymous_id, bot, ${MAIN_COLUMNS.join(', ')} FROM jt_backfill`)
  await c.query(`INSERT INTO journey_visitor_details (anonymous_id, bot, ${DETAIL_COLUMNS.join(', ')}) SELECT anonymous_id, bot, ${DETAIL_COLUMNS.join(', ')} FROM jt_backfill`)
}
