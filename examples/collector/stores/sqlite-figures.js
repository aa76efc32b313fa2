// @ts-check
/** Runs the figures' SQL on one better-sqlite3 connection (the worker's, or the main one for `:memory:`). */
import { assembleFigures } from '../analytics/assemble.js'
import { DIALECTS, figureStatements } from './sql-figures.js'

/**
 * @param {import('better-sqlite3').Database} db
 * @param {import('./store.js').FigureQuery} query
 * @returns {import('./store.js').JourneyFigures}
 */
export function sqliteFigures(db, query) {
  const { setup, queries, teardown } = figureStatements(query, DIALECTS.sqlite)
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
