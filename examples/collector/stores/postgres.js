// @ts-check
/**
 * The PostgreSQL store: any number of collector instances share it, so the
 * collector can scale out behind a load balancer (select it with DATABASE_URL).
 */
import pg from 'pg'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journeytag_events (
  id           text PRIMARY KEY,
  type         text NOT NULL,
  phase        text NOT NULL,
  anonymous_id text NOT NULL,
  user_id      text,
  session_id   text NOT NULL,
  channel      text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  event        jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS journeytag_events_occurred_at ON journeytag_events (occurred_at);
CREATE INDEX IF NOT EXISTS journeytag_events_visitor ON journeytag_events (anonymous_id, occurred_at);
`
/** Any constant: instances starting together take turns creating the table instead of racing. */
const MIGRATION_LOCK = 5_318_008

/**
 * Connects to PostgreSQL and creates the events table when missing.
 * @example
 * const store = await openPostgresStore('postgres://journeytag@db.internal/journeytag')
 * @param {string} connectionString
 * @returns {Promise<import('./store.js').Store>}
 */
export async function openPostgresStore(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 10 })
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(SCHEMA)
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    client.release()
  }
  const columns = `id, type, phase, anonymous_id AS "anonymousId", session_id AS "sessionId", channel, round(extract(epoch FROM occurred_at) * 1000)::float8 AS time`

  return {
    async insert(rows) {
      // One statement per batch (arrays unnested server-side): a single round trip, atomic on its own.
      const result = await pool.query(
        `INSERT INTO journeytag_events (id, type, phase, anonymous_id, user_id, session_id, channel, occurred_at, received_at, event)
         SELECT id, type, phase, anonymous_id, user_id, session_id, channel, to_timestamp(occurred_at / 1000.0), to_timestamp(received_at / 1000.0), event
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::jsonb[])
           AS t (id, type, phase, anonymous_id, user_id, session_id, channel, occurred_at, received_at, event)
         ON CONFLICT (id) DO NOTHING`,
        [
          rows.map((r) => r.event.id),
          rows.map((r) => r.event.type),
          rows.map((r) => r.event.phase),
          rows.map((r) => r.event.anonymousId),
          rows.map((r) => r.event.userId ?? null),
          rows.map((r) => r.event.sessionId),
          rows.map((r) => r.event.channel),
          rows.map((r) => r.occurredAt),
          rows.map((r) => r.receivedAt),
          rows.map((r) => JSON.stringify(r.event)),
        ],
      )
      return { inserted: result.rowCount ?? 0 }
    },
    async events({ from, to, visitor }) {
      const range = 'occurred_at >= to_timestamp($1 / 1000.0) AND occurred_at < to_timestamp($2 / 1000.0)'
      const result = visitor
        ? await pool.query(`SELECT ${columns} FROM journeytag_events WHERE ${range} AND anonymous_id = $3 ORDER BY occurred_at`, [from, to, visitor])
        : await pool.query(`SELECT ${columns} FROM journeytag_events WHERE ${range} ORDER BY occurred_at`, [from, to])
      return result.rows
    },
    async count() {
      const result = await pool.query('SELECT count(*)::int AS n FROM journeytag_events')
      return result.rows[0].n
    },
    close: () => pool.end(),
  }
}
