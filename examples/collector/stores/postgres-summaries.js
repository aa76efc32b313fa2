// @ts-check
/**
 * PostgreSQL's per-person summaries (journey_visitors and journey_visitor_details,
 * postgres-schema.js): one SQL that summarizes any set of events into those tables' rows, used
 * three ways so they can never disagree — at ingest for the persons a batch touched, once over
 * all events when a store made before the summaries opens (the backfill), and by the map for the
 * persons whose touchpoints straddle an end of its range (from their events in the range,
 * postgres-figures.js). A person is the first userId linked to an anonymousId, else the
 * anonymousId (analytics/reference.js linkIdentities), resolved here, at ingest.
 */
import { INTERNAL_TYPES } from '../analytics/definitions.js'
import { derivedValues, keptColumns, keptFigureValues, readLayout } from './postgres-layout.js'
import { SIGNATURE_HASH, storeSignatures } from './postgres-signatures.js'

/** journey_visitors' columns after its key: what every map reads. */
export const MAIN_COLUMNS = [
  'linked', 'n', 'first_at', 'last_at', 'channel', 'campaign', 'ph', 'ph_first', 'ph_last', 'ph_n', 'ph_fs', 'ph_fa', 'ty', 'ty_first',
  'rv_phase', 'rv_currency', 'rv_cents', 'rv_n', 'steps', 'sig', 'ns', 'shares',
]
/** journey_visitor_details' columns after its key: what merging a person's two rows (bots included) or a channel or campaign filter needs. */
export const DETAIL_COLUMNS = ['first_key', 'campaign_key', 'sessions', 'channels', 'campaigns', 'tp_phase', 'tp_type', 'tp_n', 'tail']
/** Every column summarySql() answers after the key (person, bot) but tp_sig (the signature's text, postgres-signatures.js). */
export const SUMMARY_COLUMNS = [...MAIN_COLUMNS, ...DETAIL_COLUMNS]

const internal = INTERNAL_TYPES.map((t) => `'${t}'`).join(', ')
/** `lpad(time, 16) || id`: sorts by (time, id) as text; ids are UUIDs (36 characters), so what follows starts at 53. */
const timeId = "lpad(e.occurred_at::text, 16, '0') || e.id"
/** The person of the event `e` joined with its identity link `i`. */
export const PERSON = 'coalesce(i.user_id, e.anonymous_id)'

/** Events `e` with their identity link `i`: the FROM clause, person and linked flag summarySql() reads by default. */
const EVENTS_WITH_LINKS = /** @type {[string, string, string]} */ ([
  'journey_events e LEFT JOIN journey_identities i ON i.anonymous_id = e.anonymous_id',
  PERSON,
  'CASE WHEN i.user_id IS NULL THEN 0 ELSE 1 END',
])

/**
 * The summary rows (person, bot, …SUMMARY_COLUMNS) of the events of journey_events `e` that `where` selects
 * (internal types are left out here).
 * @param {string} where
 * @param {[string, string, string]} [from] the FROM clause naming `e`, and the SQL of each event's person and linked flag
 */
export function summarySql(where, from = EVENTS_WITH_LINKS) {
  const key = 'person, bot'
  const [events, person, linked] = from
  return `WITH src AS (
    SELECT ${person} AS person, ${linked} AS linked, e.bot, e.id, e.type, e.phase, e.session_id, e.channel, e.campaign,
      e.value_cents, e.currency, e.occurred_at AS at, ${timeId} AS tid, e.type || ' ' || e.path AS step
    FROM ${events}
    WHERE (${where}) AND e.type NOT IN (${internal})
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
    SELECT ${key}, max(linked) AS linked, count(*)::integer AS n, min(at) AS first_at, max(at) AS last_at, min(tid || channel COLLATE "C") AS first_key,
      min(tid || campaign COLLATE "C") FILTER (WHERE campaign <> '') AS campaign_key, array_agg(DISTINCT session_id) AS sessions,
      array_agg(DISTINCT channel) AS channels, array_agg(DISTINCT campaign) FILTER (WHERE campaign <> '') AS campaigns,
      (array_agg(tid || step COLLATE "C" ORDER BY tid COLLATE "C" DESC))[1:3] AS tail_desc
    FROM src GROUP BY ${key}
  )
  SELECT ${key}, linked, n, first_at, last_at, substr(first_key, 53) AS channel, substr(campaign_key, 53) AS campaign,
    ph, ph_first, ph_last, ph_n, ph_fs, ph_fa, ty, ty_first, rv_phase, rv_currency, rv_cents, rv_n,
    (SELECT string_agg(substr(x, 53), chr(31) ORDER BY x COLLATE "C") FROM unnest(tail_desc) x) AS steps,
    ${SIGNATURE_HASH} AS sig, tp_sig, cardinality(sessions) AS ns, EXISTS (SELECT 1 FROM journey_sessions js WHERE js.session_id = ANY(sessions) AND js.shared) AS shares,
    first_key, campaign_key, sessions, channels, campaigns, tp_phase, tp_type, tp_n, ARRAY(SELECT x FROM unnest(tail_desc) x ORDER BY x COLLATE "C") AS tail
  FROM vis JOIN phs USING (${key}) JOIN tps USING (${key}) JOIN tys USING (${key}) LEFT JOIN rvs USING (${key})`
}

/**
 * `INSERT … SELECT` of summary rows `s` into both tables, in one statement, with the kept columns of `layout` (postgres-layout.js):
 * the phase figures from the arrays, then the values derived from them (a materialized step between, so that PostgreSQL
 * does not substitute the figures' array searches into every derived expression).
 * @param {string} sql
 * @param {import('./postgres-layout.js').Layout | null} layout
 */
const store = (sql, layout, before = '') => {
  const names = layout ? keptColumns(layout).map(([name]) => name) : []
  const figures = layout ? keptFigureValues(layout, 's') : []
  const kept = names.map((name) => `, ${name}`).join('')
  const values = layout ? [...figures.map((_, i) => `kept_rows.${names[i]}`), ...derivedValues(layout, 'kept_rows')].map((v) => `, ${v}`).join('') : ''
  return `WITH ${before}s AS MATERIALIZED (${sql}),
  kept_rows AS MATERIALIZED (SELECT s.*${figures.map((v, i) => `, ${v} AS ${names[i]}`).join('')} FROM s),
  main AS (INSERT INTO journey_visitors (person, bot, ${MAIN_COLUMNS.join(', ')}${kept}) SELECT person, bot, ${MAIN_COLUMNS.map((c) => `kept_rows.${c}`).join(', ')}${values} FROM kept_rows),
  details AS (INSERT INTO journey_visitor_details (person, bot, ${DETAIL_COLUMNS.join(', ')}) SELECT person, bot, ${DETAIL_COLUMNS.join(', ')} FROM s)
  ${storeSignatures('s')}`
}

/**
 * Brings the summaries of the persons a batch touched up to date, inside the batch's
 * transaction. First every person's rows are locked, in key order (so concurrent batches cannot
 * deadlock); only then, in new statements whose snapshot sees every batch committed before they
 * got the locks, are the rows rebuilt from all the person's events. A batch that commits later
 * rebuilds after this one, so no event is ever left out. Rows of an anonymousId that a link now
 * gives to a user are removed (the user's rows take its events).
 * @param {import('pg').PoolClient} c
 * @param {{ anonymous_id: string, bot: number, session_id: string }[]} stored the anonymousId, bot flag and session of each event the batch stored
 * @param {string[]} linked the anonymousIds the batch linked to a userId for the first time
 */
export async function refreshSummaries(c, stored, linked) {
  /** @type {{ anonymous_id: string, bot: number }[]} */
  let owners = []
  if (stored.length) {
    // Their sessions in id order (no deadlock); a session another anonymousId already holds becomes shared, and that one's person is refreshed too.
    const { rows } = await c.query(
      `INSERT INTO journey_sessions AS js (session_id, anonymous_id, bot, shared)
       SELECT session_id, min(anonymous_id COLLATE "C"), min(bot), count(DISTINCT (anonymous_id, bot)) > 1
       FROM unnest($1::text[], $2::text[], $3::smallint[]) AS s(session_id, anonymous_id, bot) GROUP BY session_id ORDER BY session_id COLLATE "C"
       ON CONFLICT (session_id) DO UPDATE SET shared = true
         WHERE NOT js.shared AND (EXCLUDED.shared OR (js.anonymous_id, js.bot) IS DISTINCT FROM (EXCLUDED.anonymous_id, EXCLUDED.bot))
       RETURNING js.anonymous_id, js.bot, js.shared`,
      [stored.map((x) => x.session_id), stored.map((x) => x.anonymous_id), stored.map((x) => x.bot)],
    )
    owners = rows.filter((r) => r.shared)
  }
  const anons = [...stored, ...owners]
  if (!anons.length && !linked.length) return
  // The keys: the persons of those anonymousIds (and of the newly linked ones), and the rows the newly linked ones had as their own persons.
  const keys = `SELECT DISTINCT person, bot FROM (
      SELECT coalesce(i.user_id, a.anonymous_id) AS person, a.bot FROM unnest($1::text[], $2::smallint[]) AS a(anonymous_id, bot)
        LEFT JOIN journey_identities i ON i.anonymous_id = a.anonymous_id
      UNION ALL SELECT x.anonymous_id, b.bot FROM unnest($3::text[]) AS x(anonymous_id), (VALUES (0::smallint), (1::smallint)) b(bot)
      UNION ALL SELECT i.user_id, b.bot FROM journey_identities i, (VALUES (0::smallint), (1::smallint)) b(bot) WHERE i.anonymous_id = ANY($3::text[])
    ) k`
  const found = await c.query(`SELECT * FROM (${keys}) k ORDER BY person COLLATE "C", bot`, [anons.map((k) => k.anonymous_id), anons.map((k) => k.bot), linked])
  const params = [found.rows.map((k) => k.person), found.rows.map((k) => k.bot)]
  const keyList = 'SELECT * FROM unnest($1::text[], $2::smallint[]) AS k(person, bot)'
  await c.query(
    `INSERT INTO journey_visitors (person, bot) ${keyList} ORDER BY person COLLATE "C", bot ON CONFLICT (person, bot) DO UPDATE SET n = journey_visitors.n`,
    params,
  )
  // Read only now: a new layout (another collector opening the store with another phase list) rewrites journey_visitors
  // under a lock these rows now keep from it until this batch commits, so the kept columns written here follow the layout.
  const layout = await readLayout(c)
  await c.query(
    `WITH k AS (${keyList}), d AS (DELETE FROM journey_visitor_details v USING k WHERE v.person = k.person AND v.bot = k.bot)
     DELETE FROM journey_visitors v USING k WHERE v.person = k.person AND v.bot = k.bot`,
    params,
  )
  // A person's events: those of the anonymousId of that name and of every anonymousId linked to it, still of that person.
  // The anonymousIds and their persons go in as arrays, so the planner reads each one's events through the
  // (anonymous_id, occurred_at) index, never the whole events or identities table.
  const ids = await c.query(
    `SELECT x.a AS anonymous_id, coalesce(i.user_id, x.a) AS person, CASE WHEN i.user_id IS NULL THEN 0 ELSE 1 END AS linked
     FROM (SELECT unnest($1::text[]) AS a UNION SELECT anonymous_id FROM journey_identities WHERE user_id = ANY($1::text[])) x
     LEFT JOIN journey_identities i ON i.anonymous_id = x.a`,
    [params[0]],
  )
  const of = (/** @type {string} */ key) => ids.rows.map((r) => r[key])
  await c.query(
    store(
      summarySql('(m.person, e.bot) IN (SELECT person, bot FROM k)', [
        'unnest($3::text[], $4::text[], $5::integer[]) AS m(anonymous_id, person, linked) JOIN journey_events e ON e.anonymous_id = m.anonymous_id',
        'm.person',
        'm.linked',
      ]),
      layout,
      `k AS (${keyList}), `,
    ),
    [...params, of('anonymous_id'), of('person'), of('linked')],
  )
}

/**
 * Fills the summaries from every stored event: run once, in the transaction that creates the
 * summary tables, when a store made before the summaries existed opens.
 * @param {import('pg').PoolClient} c
 * @param {import('./postgres-layout.js').Layout} layout the phase list and goal of the kept columns
 */
export async function backfillSummaries(c, layout) {
  // GROUP BYs over every event: memory for the hash tables instead of sorts spilled to disk.
  await c.query("SET LOCAL work_mem = '512MB'")
  await c.query('TRUNCATE journey_sessions, journey_visitors, journey_visitor_details, journey_signatures')
  await c.query(`INSERT INTO journey_sessions (session_id, anonymous_id, bot, shared)
    SELECT session_id, (array_agg(anonymous_id ORDER BY occurred_at, id))[1], (array_agg(bot ORDER BY occurred_at, id))[1], count(DISTINCT (anonymous_id, bot)) > 1
    FROM journey_events GROUP BY session_id`)
  await c.query(store(summarySql('true'), layout))
}
