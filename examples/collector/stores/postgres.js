// @ts-check
/**
 * The PostgreSQL store: any number of collector instances share it, so the
 * collector can scale out behind a load balancer (select it with DATABASE_URL).
 * Every call is async on a pool: ingestion and analytics never wait for each other.
 */
import pg from 'pg'
import { assembleFigures } from '../analytics/assemble.js'
import { DEFAULT_GOAL, INTERNAL_TYPES } from '../analytics/definitions.js'
import { EXPORT_PAGE, TIMELINE_LIMIT, fromStored, identityLinks, inIdOrder, timelineEntry, toColumns } from './columns.js'
import { postgresStatements } from './postgres-figures.js'
import { POSTGRES_SCHEMA, POSTGRES_SUMMARIES } from './postgres-schema.js'
import { keepLayout, readLayout } from './postgres-layout.js'
import { rebuildInScanOrder } from './postgres-rebuild.js'
import { hashStoredSignatures } from './postgres-signatures.js'
import { backfillSummaries, refreshSummaries } from './postgres-summaries.js'
import { DIALECTS, exportSegment } from './sql-figures.js'

/** Any constant: instances starting together take turns creating the tables instead of racing. */
const MIGRATION_LOCK = 5_318_008

/** Parallel workers per map statement: none (see figures()). */
const MAP_WORKERS = 0

/** `?` placeholders (shared with SQLite) as PostgreSQL's `$1, $2…`. @param {string} sql */
const numbered = (sql) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/**
 * Connects to PostgreSQL and creates the tables when missing. `phases` and `goal` are the
 * collector's: its maps read them from plain columns kept at ingest (postgres-layout.js); a map
 * with any other list reads the summaries' arrays. Left out, the store keeps the list it has
 * (the default phases and goal for a new store).
 * @example
 * const store = await openPostgresStore('postgres://journeytag@db.internal/journeytag', { phases: ['awareness', 'conversion'], goal: ['purchase'] })
 * @param {string} connectionString
 * @param {{ phases?: readonly string[], goal?: readonly string[] }} [options]
 * @returns {Promise<import('./store.js').Store>}
 */
export async function openPostgresStore(connectionString, { phases, goal } = {}) {
  const pool = new pg.Pool({ connectionString, max: 10 })
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(POSTGRES_SCHEMA)
    // A store made before the summaries existed gets them filled once, in the transaction that creates them.
    const { rows } = await client.query("SELECT to_regclass('journey_visitors') IS NOT NULL AS summarized")
    await client.query('BEGIN')
    await client.query(POSTGRES_SUMMARIES)
    // A store whose summaries held signature texts gets their hashes (before the rebuild, which keeps the column's place).
    await hashStoredSignatures(client)
    // Before the backfill, which writes the kept columns; a store made before them (or opened with another list) gets them here.
    const layout = await keepLayout(client, phases && { phases, goal: goal ?? DEFAULT_GOAL })
    // The map's columns first (postgres-rebuild.js), before a backfill so that it writes the table in that order at once.
    await rebuildInScanOrder(client)
    if (!rows[0].summarized) await backfillSummaries(client, layout)
    await client.query('COMMIT')
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    // Not back into the pool: the backfill used a temporary table, after which a session cannot raise temp_buffers (figures does).
    client.release(true)
  }
  /** @param {(c: pg.PoolClient) => Promise<any>} work */
  const transaction = async (work, end = 'COMMIT') => {
    const c = await pool.connect()
    try {
      await c.query('BEGIN')
      const result = await work(c)
      await c.query(end)
      return result
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      c.release()
    }
  }
  const internal = INTERNAL_TYPES.map((t) => `'${t}'`).join(', ')
  const stored = 'e.event::text AS json, e.occurred_at AS "occurredAt", e.received_at AS "receivedAt", e.bot'

  return {
    engine: 'postgres',
    insert: (rows) =>
      transaction(async (c) => {
        const cols = inIdOrder(rows).map(toColumns)
        const of = (/** @type {keyof import('./columns.js').EventColumns} */ key) => cols.map((r) => r[key])
        // One statement per batch (arrays unnested server-side), rows in id order: overlapping batches lock ids in the same order.
        const result = await c.query(
          `INSERT INTO journey_events (id, type, phase, anonymous_id, user_id, session_id, channel, campaign, path, value_cents, currency, prop_pairs, bot, occurred_at, received_at, event)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[],
             $13::smallint[], $14::bigint[], $15::bigint[], $16::jsonb[]) ORDER BY 1
           ON CONFLICT (id) DO NOTHING
           RETURNING anonymous_id, bot, session_id`,
          [of('id'), of('type'), of('phase'), of('anonymousId'), of('userId'), of('sessionId'), of('channel'), of('campaign'), of('path'), of('valueCents'), of('currency'), of('propPairs'), of('bot'), of('occurredAt'), of('receivedAt'), of('json')],
        )
        const links = identityLinks(rows).sort((a, b) => (a.anonymousId < b.anonymousId ? -1 : 1))
        /** @type {string[]} */
        let linked = []
        if (links.length) {
          linked = (
            await c.query(
              `INSERT INTO journey_identities (anonymous_id, user_id, linked_at) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT (anonymous_id) DO NOTHING RETURNING anonymous_id`,
              [links.map((l) => l.anonymousId), links.map((l) => l.userId), links.map((l) => l.linkedAt)],
            )
          ).rows.map((r) => r.anonymous_id)
        }
        // Only what this batch stored feeds the summaries: a retried event changes nothing.
        await refreshSummaries(c, result.rows, linked)
        return { inserted: result.rowCount ?? 0 }
      }),
    figures: (query) =>
      // Temporary tables live in this transaction only: ROLLBACK drops them.
      transaction(async (c) => {
        // The layout, read under a lock that keeps a collector opening the store with another list from rewriting the kept columns meanwhile.
        await c.query('LOCK TABLE journey_visitors IN ACCESS SHARE MODE')
        const layout = await readLayout(c)
        const { setup } = postgresStatements(query, layout)
        // The per-person GROUP BY holds about one row per visitor in memory: a hash table, not a sort spilled to disk;
        // jt_p (one row per person) stays in this session's buffers (settable only before its first temporary table).
        await c.query("SET LOCAL work_mem = '256MB'")
        await c.query("SELECT set_config('temp_buffers', '1GB', false) WHERE current_setting('temp_buffers') <> '1GB'")
        // Compiling these wide expressions (JIT) costs more than it saves: on one pass over a visitor table, and on the
        // in-place map's two passes too (1 M events: 5.5 s for its counts with JIT, 1.3 s without; 1.6 s with JIT unoptimized).
        await c.query('SET LOCAL jit = off')
        // The summary SQL joins its CTEs (no statistics) by person: for the thousands of persons a short range cuts, a
        // nested loop over them is quadratic (minutes); hash joins keep it linear.
        await c.query('SET LOCAL enable_nestloop = off')
        // No parallel workers: a map keeps to one process, so on a small server ingestion keeps the other core. The build of
        // jt_p can run in parallel (MAP_WORKERS = 1: 2.8–5.0 s instead of 4.6–6.8 s at 10 M events, single runs at loads of 2–7), but the map then takes
        // both cores of a 2-core server, and ingestion must share them with it (bench/results-collector-latency.md). A server with
        // cores to spare can raise MAP_WORKERS; parallel_tuple_cost = 0 is what lets the planner use them for the build
        // (handing a row over costs little next to the forty expressions computed for it).
        await c.query(`SET LOCAL max_parallel_workers_per_gather = ${MAP_WORKERS}`)
        await c.query('SET LOCAL parallel_tuple_cost = 0')
        // ANALYZE of the temporary tables only has to tell the planner their size: a sample of 3,000 rows (30 ms), not 30,000 (0.4 s).
        await c.query('SET LOCAL default_statistics_target = 10')
        for (const sql of setup) await c.query(sql)
        // jt_p holds the persons the range cuts (or every person, off the in-place path); when there are none, the
        // in-place map's passes read journey_visitors alone.
        const { queries, assemble } = postgresStatements(query, layout, { anyCut: (await c.query('SELECT EXISTS (SELECT 1 FROM jt_p) AS cut')).rows[0].cut })
        /** @type {Record<string, any[]>} */
        const rows = {}
        for (const [name, sql] of Object.entries(queries)) rows[name] = (await c.query(sql)).rows
        return assembleFigures(assemble(rows), query)
      }, 'ROLLBACK'),
    async visitor(id, { from, to, limit = TIMELINE_LIMIT, includeBots = false }) {
      const byUser = await pool.query('SELECT anonymous_id FROM journey_identities WHERE user_id = $1 ORDER BY anonymous_id COLLATE "C"', [id])
      let userId = byUser.rows.length ? id : (await pool.query('SELECT user_id FROM journey_identities WHERE anonymous_id = $1', [id])).rows[0]?.user_id
      const anonymousIds = userId
        ? byUser.rows.length
          ? byUser.rows.map((r) => r.anonymous_id)
          : (await pool.query('SELECT anonymous_id FROM journey_identities WHERE user_id = $1 ORDER BY anonymous_id COLLATE "C"', [userId])).rows.map((r) => r.anonymous_id)
        : [id]
      const { rows } = await pool.query(
        `SELECT event::text AS json, occurred_at AS "occurredAt", bot FROM journey_events
         WHERE anonymous_id = ANY($1) AND occurred_at >= $2 AND occurred_at < $3 AND bot <= $4 AND type NOT IN (${internal})
         ORDER BY occurred_at, id COLLATE "C" LIMIT $5`,
        [anonymousIds, from, to, includeBots ? 1 : 0, limit + 1],
      )
      if (!rows.length) return null
      userId ??= null
      return { visitor: userId ?? id, userId, anonymousIds, touchpoints: rows.slice(0, limit).map(timelineEntry), truncated: rows.length > limit }
    },
    async *exportEvents(query) {
      const { from, to, includeBots = false } = query
      const [segment, segmentParams] = exportSegment(query, DIALECTS.postgres)
      const sql = numbered(`SELECT ${stored}, e.id FROM journey_events e WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.bot <= ?${segment}
        AND (e.occurred_at, e.id) > (?, ?) ORDER BY e.occurred_at, e.id LIMIT ${EXPORT_PAGE}`)
      /** @type {[number, string]} */
      let after = [-1, '']
      for (;;) {
        // Keyset pages, not a server cursor: no connection is held while the client downloads slowly.
        const { rows } = await pool.query(sql, [from, to, includeBots ? 1 : 0, ...segmentParams, Math.max(after[0], from - 1), after[1]])
        for (const row of rows) yield fromStored(row)
        const last = rows.at(-1)
        if (!last || rows.length < EXPORT_PAGE) return
        after = [Number(last.occurredAt), last.id]
      }
    },
    async health() {
      const { rows } = await pool.query('SELECT max(received_at) AS last FROM journey_events')
      return { ok: true, engine: 'postgres', lastReceivedAt: rows[0].last === null ? null : Number(rows[0].last) }
    },
    close: () => pool.end(),
  }
}
