// @ts-check
/**
 * The collector's own phase list and goal kept as plain columns of journey_visitors ("kept
 * columns"), so the map it asks for most reads numbers instead of searching each person's arrays
 * (postgres-figures.js). Per listed phase i: k{i}_first, k{i}_last (first and last time),
 * k{i}_n (touchpoints), k{i}_fs, k{i}_fa (form started, abandoned: 0 or 1); k_goal_at: the first
 * goal touchpoint. Each is exactly what the map's array path reads for that phase or goal, computed
 * by the same expressions (keptValues). The arrays stay: any other phase list or goal reads them.
 *
 * The list is the database's, not a process's: journey_summary_layout holds the one the kept
 * columns follow, and every batch reads it after locking its rows (so collectors started with
 * different lists never write columns of two lists), every map after locking the table. Opening
 * the store with another list rewrites the columns once (keepLayout).
 */
import { DEFAULT_GOAL, DEFAULT_PHASES } from '../analytics/definitions.js'
import { derivedColumn, personValues } from './postgres-person.js'

/** @typedef {{ phases: readonly string[], goal: readonly string[] }} Layout the phase list and goal the kept columns follow */

/** The one-row table naming the layout. */
export const LAYOUT_TABLE = `CREATE TABLE IF NOT EXISTS journey_summary_layout (
  id     smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  phases text[] NOT NULL,
  goal   text[] NOT NULL
)`

const quote = (/** @type {string} */ s) => `'${s.replace(/'/g, "''")}'`

/** A kept column's name by the name postgres-person.js gives its value. @param {string} name */
const keptName = (name) => (name === 'goal_at' ? 'k_goal_at' : name.replace(/^(f|l|n|fs|fa)(\d+)$/, (_, /** @type {string} */ what, i) => `k${i}_${what === 'f' ? 'first' : what === 'l' ? 'last' : what}`))

/**
 * The kept columns of a layout, as [name, type]: the phase figures, then the values derived from
 * them (postgres-person.js, kd_*).
 * @param {Layout} layout
 * @returns {[string, string][]}
 */
export function keptColumns(layout) {
  return [
    ['k_goal_at', 'bigint'],
    ...layout.phases.flatMap((_, i) => /** @type {[string, string][]} */ ([[`k${i}_first`, 'bigint'], [`k${i}_last`, 'bigint'], [`k${i}_n`, 'integer'], [`k${i}_fs`, 'integer'], [`k${i}_fa`, 'integer']])),
    ...personValues(layout.phases.length, keptName).map(([name, type]) => /** @type {[string, string]} */ ([derivedColumn(name), type])),
  ]
}

/**
 * The phase figures' kept columns' values (the first 1 + 5 × phases of keptColumns) from a summary row's arrays.
 * @param {Layout} layout
 * @param {string} [row] the row's alias; none for a bare column (ALTER TABLE … USING)
 */
export function keptFigureValues(layout, row) {
  const c = (/** @type {string} */ name) => (row ? `${row}.${name}` : name)
  const goal = layout.goal.length ? `least(${layout.goal.map((t) => `${c('ty_first')}[array_position(${c('ty')}, ${quote(t)})]`).join(', ')})` : 'NULL::bigint'
  return [
    goal,
    ...layout.phases.flatMap((name) => {
      const q = `array_position(${c('ph')}, ${quote(name)})`
      return [`${c('ph_first')}[${q}]`, `${c('ph_last')}[${q}]`, `coalesce(${c('ph_n')}[${q}], 0)`, `coalesce(${c('ph_fs')}[${q}], 0)`, `coalesce(${c('ph_fa')}[${q}], 0)`]
    }),
  ]
}

/**
 * The derived kept columns' values (kd_*, after the phase figures' in keptColumns) from a row that has the phase figures' kept columns.
 * @param {Layout} layout
 * @param {string} row the row's alias
 */
export function derivedValues(layout, row) {
  return personValues(layout.phases.length, (name) => `${row}.${name === 'first_at' ? name : keptName(name)}`).map(([, , sql]) => sql)
}

/**
 * Each kept column's value (in keptColumns' order) from a summary row's arrays alone: the derived ones with the phase
 * figures' expressions substituted (for ALTER TABLE … USING, which sees only the old row).
 * @param {Layout} layout
 * @param {string} [row] the row's alias; none for a bare column
 */
export function keptValues(layout, row) {
  const c = (/** @type {string} */ name) => (row ? `${row}.${name}` : name)
  const figures = keptFigureValues(layout, row)
  const names = keptColumns(layout).map(([name]) => name)
  const value = (/** @type {string} */ name) => (name === 'first_at' ? c('first_at') : `(${figures[names.indexOf(keptName(name))]})`)
  return [...figures, ...personValues(layout.phases.length, value).map(([, , sql]) => sql)]
}

/**
 * Whether a map's phase list and goal are the layout's (the goal is a set: its first touchpoint is the same in any order).
 * @param {Layout | null} layout
 * @param {readonly string[]} phases
 * @param {readonly string[]} goal
 */
export function followsLayout(layout, phases, goal) {
  if (!layout) return false
  const set = (/** @type {readonly string[]} */ list) => JSON.stringify([...new Set(list)].sort())
  return JSON.stringify(layout.phases) === JSON.stringify(phases) && set(layout.goal) === set(goal)
}

/**
 * The layout the kept columns follow (null when none yet). Read it only after locking
 * journey_visitors' rows or the table, so it cannot change before the transaction ends.
 * @param {import('pg').ClientBase} c
 * @returns {Promise<Layout | null>}
 */
export async function readLayout(c) {
  const { rows } = await c.query('SELECT phases, goal FROM journey_summary_layout')
  return rows[0] ?? null
}

/**
 * Makes the kept columns follow `wanted` (or the layout already kept; or the default phases and goal),
 * inside the transaction that opens the store. A new list (or a store made before the kept columns)
 * rewrites journey_visitors once: `ALTER COLUMN … TYPE … USING` computes every kept column from the
 * row's arrays in one pass and writes a compact table (an UPDATE would leave every old row behind as
 * a dead one for the map's scans to read until a VACUUM FULL, which cannot run in a transaction).
 * @param {import('pg').ClientBase} c
 * @param {Layout} [wanted]
 * @returns {Promise<Layout>}
 */
export async function keepLayout(c, wanted) {
  await c.query(LAYOUT_TABLE)
  const current = await readLayout(c)
  const layout = wanted ?? current ?? { phases: DEFAULT_PHASES, goal: DEFAULT_GOAL }
  const { rows } = await c.query(
    "SELECT attname FROM pg_attribute WHERE attrelid = 'journey_visitors'::regclass AND attnum > 0 AND NOT attisdropped AND attname ~ '^k(\\d+|d|)_'",
  )
  const existing = new Set(rows.map((r) => r.attname))
  const columns = keptColumns(layout)
  const names = new Set(columns.map(([name]) => name))
  // The same list, and its columns all there (a journey_visitors made again by hand would have none).
  if (current && followsLayout(current, layout.phases, layout.goal) && existing.size === names.size && [...names].every((n) => existing.has(n))) return current
  const values = keptValues(layout)
  const changes = [
    ...[...existing].filter((name) => !names.has(name)).map((name) => `DROP COLUMN ${name}`),
    ...columns.filter(([name]) => !existing.has(name)).map(([name, type]) => `ADD COLUMN ${name} ${type}`),
  ]
  if (changes.length) await c.query(`ALTER TABLE journey_visitors ${changes.join(', ')}`)
  await c.query(`ALTER TABLE journey_visitors ${columns.map(([name, type], i) => `ALTER COLUMN ${name} TYPE ${type} USING ${values[i]}`).join(', ')}`)
  await c.query(
    'INSERT INTO journey_summary_layout (phases, goal) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET phases = EXCLUDED.phases, goal = EXCLUDED.goal',
    [layout.phases, layout.goal],
  )
  return { phases: [...layout.phases], goal: [...layout.goal] }
}
