// @ts-check
/**
 * The storage interface the collector writes to and the journey map reads from.
 * Two implementations: sqlite.js (one file, one process) and postgres.js (shared
 * by any number of collector instances). `openStore()` picks one from the config.
 */

/**
 * One accepted event as stored: the validated event plus the times the collector derived.
 * @typedef {object} StoredEvent
 * @property {import('../../../dist/schema.js').TouchpointEvent} event
 * @property {number} occurredAt the event's timestamp corrected for client clock skew (ms since epoch)
 * @property {number} receivedAt when the collector received its batch (ms since epoch)
 */

/**
 * @typedef {object} EventQuery
 * @property {number} from inclusive, ms since epoch
 * @property {number} to exclusive, ms since epoch
 * @property {string} [visitor] only this anonymousId
 */

/**
 * @typedef {object} Store
 * @property {(rows: StoredEvent[]) => Promise<{ inserted: number }>} insert stores all rows in one
 *   transaction, resolving only once it is committed; an id already stored is skipped (idempotent)
 * @property {(query: EventQuery) => Promise<import('../journey.js').JourneyEvent[]>} events events in a time range, by occurredAt
 * @property {() => Promise<number>} count how many events are stored
 * @property {() => Promise<void>} close
 */

/**
 * Opens the store the configuration names: PostgreSQL when `databaseUrl` is set, else SQLite at `dbPath`.
 * @example
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dbPath: '.data/journeytag.db' })
 * @param {{ databaseUrl?: string, dbPath: string }} config
 * @returns {Promise<Store>}
 */
export async function openStore({ databaseUrl, dbPath }) {
  // Imported on demand so a SQLite deployment never loads pg, and the other way round.
  if (databaseUrl) return (await import('./postgres.js')).openPostgresStore(databaseUrl)
  return (await import('./sqlite.js')).openSqliteStore(dbPath)
}
