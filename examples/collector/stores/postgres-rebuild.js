// @ts-check
/**
 * journey_visitors rewritten with the map's columns first. PostgreSQL reads a row's columns in
 * order up to the last one a query needs: the kept columns (postgres-layout.js) are added at the
 * end, behind some twenty arrays and texts, so every map walked all of them for each of its 1.5 M
 * persons (at 1 M events, a scan reading the last column took 2.3 times one reading the first
 * ones). Rewritten, a map's scans stop before the arrays, which only other phase lists and
 * bots-included maps read. The rows go in by first time, the order the range condition reads them.
 *
 * When: on open, in the transaction that creates or re-lays the summaries, and only when the
 * columns are out of that order (a store of an older version, a new layout, a new store). The
 * table is locked against every other session first (ACCESS EXCLUSIVE): a batch another collector
 * is writing finishes before, the next ones wait, then find the new table by its name (PostgreSQL
 * looks a name up again after waiting for its lock), so none is lost or applied twice; maps wait too.
 */
import { MAIN_COLUMNS } from './postgres-summaries.js'

/** What the map reads, in the order it should be stored (fixed-width numbers before texts; the kept columns follow). */
const LEADING = ['person', 'bot', 'n', 'first_at', 'last_at', 'linked', 'ns', 'shares']
/** The texts and arrays the map reads, after the kept columns; every other column comes after them. */
const TRAILING = ['channel', 'campaign', 'steps', 'rv_phase', 'rv_currency', 'rv_cents', 'rv_n', 'sig']

/**
 * journey_visitors' columns in the order they should be stored: LEADING, the kept columns, TRAILING, the rest.
 * @param {string[]} names its columns now
 */
export function scanOrder(names) {
  const kept = names.filter((name) => /^k(\d+|d|)_/.test(name))
  const first = [...LEADING, ...kept, ...TRAILING]
  return [...first, ...names.filter((name) => !first.includes(name))].filter((name) => names.includes(name))
}

/**
 * Rewrites journey_visitors in scan order if its columns are not (inside the caller's transaction).
 * @param {import('pg').ClientBase} c
 * @returns {Promise<boolean>} whether it was rewritten
 */
export async function rebuildInScanOrder(c) {
  const { rows } = await c.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS required, pg_get_expr(d.adbin, d.adrelid) AS fallback
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = 'journey_visitors'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  )
  const names = rows.map((r) => r.name)
  const order = scanOrder(names)
  // Dropped columns leave holes a rewrite would close; they cost nothing to read, so only the order counts.
  if (order.every((name, i) => names[i] === name)) return false
  if (!MAIN_COLUMNS.every((name) => names.includes(name))) throw new Error('journey_visitors lacks summary columns: cannot rebuild it')
  await c.query('LOCK TABLE journey_visitors IN ACCESS EXCLUSIVE MODE')
  const byName = new Map(rows.map((r) => [r.name, r]))
  const definition = order.map((name) => {
    const r = byName.get(name)
    return `${name} ${r.type}${r.required ? ' NOT NULL' : ''}${r.fallback === null ? '' : ` DEFAULT ${r.fallback}`}`
  })
  // Sorting 1.5 M wide rows: memory rather than many small spill files.
  await c.query("SET LOCAL maintenance_work_mem = '512MB'")
  await c.query("SET LOCAL work_mem = '512MB'")
  await c.query('DROP TABLE IF EXISTS journey_visitors_rebuilt')
  await c.query(`CREATE TABLE journey_visitors_rebuilt (${definition.join(', ')})`)
  await c.query(`INSERT INTO journey_visitors_rebuilt (${order.join(', ')}) SELECT ${order.join(', ')} FROM journey_visitors ORDER BY first_at`)
  await c.query('DROP TABLE journey_visitors')
  await c.query('ALTER TABLE journey_visitors_rebuilt RENAME TO journey_visitors')
  await c.query('ALTER TABLE journey_visitors ADD CONSTRAINT journey_visitors_pkey PRIMARY KEY (person, bot)')
  await c.query('CREATE INDEX journey_visitors_first ON journey_visitors (first_at)')
  await c.query('CREATE INDEX journey_visitors_last ON journey_visitors (last_at)')
  // The planner's statistics went with the old table: the map's range condition needs them (an index scan for the newest persons).
  await c.query('ANALYZE journey_visitors')
  return true
}
