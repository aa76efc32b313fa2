// @ts-check
/**
 * The SQLite store: one database file, for a single collector process (the demo, small sites).
 * Writes go through the main thread's connection (better-sqlite3 is synchronous and fast for
 * small transactions); the figures run in a worker thread with its own read connection.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { INTERNAL_TYPES } from '../analytics/definitions.js'
import { EXPORT_PAGE, TIMELINE_LIMIT, fromStored, identityLinks, inIdOrder, timelineEntry, toColumns } from './columns.js'
import { SQLITE_SCHEMA } from './sqlite-schema.js'
import { sqliteFigures } from './sqlite-figures.js'
import { DIALECTS, exportSegment } from './sql-figures.js'

/**
 * Opens (and creates when missing) the SQLite database at `path`; `':memory:'` for tests
 * (then the figures run on the main thread, as a worker cannot see an in-memory database).
 * @example
 * const store = openSqliteStore('.data/journeytag.db')
 * @param {string} path
 * @returns {import('./store.js').Store}
 */
export function openSqliteStore(path) {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  // WAL lets the worker read while batches are written; FULL makes a commit durable before we answer 2xx.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(SQLITE_SCHEMA)
  const insertOne = db.prepare(`INSERT INTO journey_events (id, type, phase, anonymous_id, user_id, session_id, channel, campaign, path, value_cents, currency, prop_pairs, bot, occurred_at, received_at, event)
    VALUES (@id, @type, @phase, @anonymousId, @userId, @sessionId, @channel, @campaign, @path, @valueCents, @currency, @propPairs, @bot, @occurredAt, @receivedAt, @json)
    ON CONFLICT (id) DO NOTHING`)
  const link = db.prepare('INSERT INTO journey_identities (anonymous_id, user_id, linked_at) VALUES (@anonymousId, @userId, @linkedAt) ON CONFLICT (anonymous_id) DO NOTHING')
  const insertAll = db.transaction((/** @type {import('./store.js').StoredEvent[]} */ rows) => {
    let inserted = 0
    for (const row of inIdOrder(rows)) inserted += insertOne.run(toColumns(row)).changes
    for (const identity of identityLinks(rows)) link.run(identity)
    return inserted
  })
  const internal = INTERNAL_TYPES.map((t) => `'${t}'`).join(', ')
  const stored = 'e.event AS json, e.occurred_at AS occurredAt, e.received_at AS receivedAt, e.bot'
  const userOf = db.prepare('SELECT user_id FROM journey_identities WHERE anonymous_id = ?').pluck()
  const idsOf = db.prepare('SELECT anonymous_id FROM journey_identities WHERE user_id = ? ORDER BY anonymous_id').pluck()
  const lastReceived = db.prepare('SELECT max(received_at) FROM journey_events').pluck()

  /** @type {Worker | undefined} */
  let worker
  /** @type {Map<number, { resolve(f: import('./store.js').JourneyFigures): void, reject(e: Error): void }>} */
  const pending = new Map()
  let nextId = 0
  if (path !== ':memory:') {
    worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: { path } })
    worker.on('message', ({ id, figures, error }) => {
      const call = pending.get(id)
      pending.delete(id)
      if (error) call?.reject(new Error(error))
      else call?.resolve(figures)
    })
    worker.on('error', (error) => {
      for (const call of pending.values()) call.reject(error)
      pending.clear()
    })
    worker.unref()
  }

  return {
    engine: 'sqlite',
    // better-sqlite3 is synchronous: when run() returns, the transaction is committed.
    insert: async (rows) => ({ inserted: insertAll(rows) }),
    figures(query) {
      if (!worker) return Promise.resolve(sqliteFigures(db, query))
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker?.postMessage({ id, query })
      })
    },
    async visitor(id, { from, to, limit = TIMELINE_LIMIT, includeBots = false }) {
      const userId = /** @type {string | undefined} */ (idsOf.all(id).length ? id : userOf.get(id))
      const anonymousIds = userId ? /** @type {string[]} */ (idsOf.all(userId)) : [id]
      const rows = db
        .prepare(`SELECT event AS json, occurred_at AS occurredAt, bot FROM journey_events
          WHERE anonymous_id IN (${anonymousIds.map(() => '?').join(', ')}) AND occurred_at >= ? AND occurred_at < ? AND bot <= ? AND type NOT IN (${internal})
          ORDER BY occurred_at, id LIMIT ?`)
        .all(...anonymousIds, from, to, includeBots ? 1 : 0, limit + 1)
      if (!rows.length) return null
      return {
        visitor: userId ?? id,
        userId: userId ?? null,
        anonymousIds,
        touchpoints: rows.slice(0, limit).map((r) => timelineEntry(/** @type {any} */ (r))),
        truncated: rows.length > limit,
      }
    },
    async *exportEvents(query) {
      const { from, to, includeBots = false } = query
      const [segment, segmentParams] = exportSegment(query, DIALECTS.sqlite)
      const exportPage = db.prepare(`SELECT ${stored}, e.id FROM journey_events e WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.bot <= ?${segment}
        AND (e.occurred_at, e.id) > (?, ?) ORDER BY e.occurred_at, e.id LIMIT ${EXPORT_PAGE}`)
      let after = [-Infinity, '']
      for (;;) {
        // One short query per page: between pages the event loop serves /collect.
        const page = /** @type {{ json: string, occurredAt: number, receivedAt: number, bot: number, id: string }[]} */ (exportPage.all(from, to, includeBots ? 1 : 0, ...segmentParams, ...after))
        for (const row of page) yield fromStored(row)
        const last = page.at(-1)
        if (!last || page.length < EXPORT_PAGE) return
        after = [last.occurredAt, last.id]
      }
    },
    health: async () => ({ ok: true, engine: 'sqlite', lastReceivedAt: /** @type {number | null} */ (lastReceived.get()) }),
    async close() {
      await worker?.terminate()
      db.close()
    },
  }
}
