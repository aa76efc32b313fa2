// @ts-check
/** Runs the figures' SQL on one better-sqlite3 connection (the worker's, or the main one for `:memory:`). */
import { assembleFigures } from '../analytics/assemble.js'
import { figureStatements } from './sql-figures.js'

/**
 * @param {import('better-sqlite3').Database} db
 * @param {import('./store.js').FigureQuery} query
 * @returns {import('./store.js').JourneyFigures}
 */
export function sqliteFigures(db, query) {
  // Through the time index each event of the range is a lookup in the table (2.5 µs each at 1 M events here); a scan
  // reads every event for 0.6 µs. So a range holding over a quarter of the events is read by a scan (the planner
  // always takes the index: it cannot tell a month that is the whole store from an hour). Counting the range costs
  // an index-only pass (40–50 ms for 1 M events), the total nothing (events are never deleted: the largest rowid).
  const { n } = /** @type {{ n: number }} */ (db.prepare('SELECT count(*) AS n FROM journey_events WHERE occurred_at >= ? AND occurred_at < ?').get(query.from, query.to))
  const { total } = /** @type {{ total: number | null }} */ (db.prepare('SELECT max(rowid) AS total FROM journey_events').get())
  const { setup, queries, teardown } = figureStatements(query, { fullScan: n * 4 > (total ?? 0) })
  for (const sql of teardown) db.exec(sql)
  try {
    for (const [sql, params] of setup) db.prepare(sql).run(...params)
    /** @type {Record<string, unknown>} */
    const agg = {}
    for (const [name, [sql, params]] of Object.entries(queries)) {
      const rows = db.prepare(sql).all(...params)
      agg[name] = name === 'totals' ? rows[0] : rows
    }
    return assembleFigures(/** @type {import('../analytics/assemble.js').Aggregates} */ (agg), query)
  } finally {
    for (const sql of teardown) db.exec(sql)
  }
}
