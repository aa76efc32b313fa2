// @ts-check
/** The SQLite store: one database file, for a single collector process (the demo, small sites). */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id           TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  phase        TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  user_id      TEXT,
  session_id   TEXT NOT NULL,
  channel      TEXT NOT NULL,
  occurred_at  INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  event        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_occurred_at ON events (occurred_at);
CREATE INDEX IF NOT EXISTS events_visitor ON events (anonymous_id, occurred_at);
`

/**
 * Opens (and creates when missing) the SQLite database at `path`; `':memory:'` for tests.
 * @example
 * const store = openSqliteStore('.data/journeytag.db')
 * @param {string} path
 * @returns {import('./store.js').Store}
 */
export function openSqliteStore(path) {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  // WAL lets the map read while batches are written; FULL makes a commit durable before we answer 2xx.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(SCHEMA)
  const insertOne = db.prepare(`INSERT INTO events (id, type, phase, anonymous_id, user_id, session_id, channel, occurred_at, received_at, event)
    VALUES (@id, @type, @phase, @anonymousId, @userId, @sessionId, @channel, @occurredAt, @receivedAt, @json)
    ON CONFLICT (id) DO NOTHING`)
  const insertAll = db.transaction((/** @type {import('./store.js').StoredEvent[]} */ rows) => {
    let inserted = 0
    for (const { event, occurredAt, receivedAt } of rows) {
      inserted += insertOne.run({ ...event, userId: event.userId ?? null, occurredAt, receivedAt, json: JSON.stringify(event) }).changes
    }
    return inserted
  })
  const columns = `id, type, phase, anonymous_id AS anonymousId, session_id AS sessionId, channel, occurred_at AS time`
  const inRange = db.prepare(`SELECT ${columns} FROM events WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at`)
  const ofVisitor = db.prepare(`SELECT ${columns} FROM events WHERE anonymous_id = ? AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at`)
  const count = db.prepare('SELECT count(*) AS n FROM events').pluck()

  return {
    // better-sqlite3 is synchronous: when run() returns, the transaction is committed.
    insert: async (rows) => ({ inserted: insertAll(rows) }),
    events: async ({ from, to, visitor }) =>
      /** @type {import('../journey.js').JourneyEvent[]} */ (visitor ? ofVisitor.all(visitor, from, to) : inRange.all(from, to)),
    count: async () => /** @type {number} */ (count.get()),
    close: async () => void db.close(),
  }
}
