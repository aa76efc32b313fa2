#!/usr/bin/env node
// @ts-check
/**
 * Where a PostgreSQL map's time goes: runs the statements of one figures() call with the store's
 * settings, one at a time, and prints each one's seconds (the README's "where the time goes").
 * The server is yours to start (e.g. on a kept store: startPostgres({ durable: true, keep: DIR })
 * from test/collector/support/servers.js); wrap the run in `flock /tmp/jt-bench.lock` on a shared machine.
 *
 *   node bench/collector/pg-statements.mjs postgres://postgres@127.0.0.1:PORT/postgres [NOW_MS] [DAYS]
 */
import { loadavg } from 'node:os'
import pg from 'pg'
import { DEFAULT_GOAL, DEFAULT_PHASES } from '../../examples/collector/analytics/definitions.js'
import { postgresStatements } from '../../examples/collector/stores/postgres-figures.js'
import { followsLayout, readLayout } from '../../examples/collector/stores/postgres-layout.js'

const [url, now = '1764600000000', days = '30'] = process.argv.slice(2)
const to = Number(now) + 1
const query = { from: to - 1 - Number(days) * 86_400_000, to, phases: DEFAULT_PHASES }
const c = new pg.Client({ connectionString: url })
await c.connect()
// The settings figures() makes (postgres.js), in a transaction rolled back at the end.
await c.query("SELECT set_config('temp_buffers', '1GB', false)")
await c.query('BEGIN')
for (const setting of ["work_mem = '256MB'", 'jit = off', 'enable_nestloop = off', 'max_parallel_workers_per_gather = 0', 'parallel_tuple_cost = 0', 'default_statistics_target = 10']) {
  await c.query(`SET LOCAL ${setting}`)
}
await c.query('LOCK TABLE journey_visitors IN ACCESS SHARE MODE')
const layout = await readLayout(c)
const { setup } = postgresStatements(query, layout)
// JIT=on turns on what the store keeps off (to measure what it would change).
const jitOn = process.env.JIT === 'on'
/** @type {string[]} */
const times = []
let total = 0
/** @param {string} name @param {string} sql */
const timed = async (name, sql) => {
  const started = performance.now()
  const result = await c.query(sql)
  const seconds = (performance.now() - started) / 1000
  total += seconds
  times.push(`${name}: ${seconds.toFixed(2)}`)
  return result
}
for (const sql of setup) await timed(sql.slice(0, 28).replace(/\s+/g, ' '), sql)
// As figures() does: the queries read journey_visitors alone when the range cuts no person.
const anyCut = (await timed('any cut', 'SELECT EXISTS (SELECT 1 FROM jt_p) AS cut')).rows[0].cut
const { queries } = postgresStatements(query, layout, { anyCut })
for (const [name, sql] of [['jit', `SET LOCAL jit = ${jitOn ? 'on' : 'off'}`], ...Object.entries(queries)]) await timed(name, sql)
await c.query('ROLLBACK')
await c.end()
console.log(`total ${total.toFixed(2)} s at load ${loadavg()[0]?.toFixed(2)}, ${followsLayout(layout, query.phases, DEFAULT_GOAL) ? 'from the kept columns' : 'from the arrays'}, jit ${jitOn ? 'on' : 'off'}\n${times.join('\n')}`)
