// @ts-check
/**
 * The SQLite store's analytics thread: its own read connection (WAL lets it read
 * while the main thread writes), so a long map query never blocks ingestion.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { sqliteFigures } from './sqlite-figures.js'

const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
// Temporary tables of a large range stay on disk, not in the collector's memory.
db.pragma('temp_store = FILE')
db.pragma('cache_size = -32000')

parentPort?.on('message', (/** @type {{ id: number, query: import('./store.js').FigureQuery }} */ { id, query }) => {
  try {
    parentPort?.postMessage({ id, figures: sqliteFigures(db, query) })
  } catch (error) {
    parentPort?.postMessage({ id, error: /** @type {Error} */ (error).message })
  }
})
