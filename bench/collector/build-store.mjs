#!/usr/bin/env node
// @ts-check
/**
 * Builds a kept store for the scale bench once (a 10 M-event load takes most of an hour through
 * insert() on this machine), so that iterations on the figures' SQL reuse it: `scale.mjs --keep DIR`
 * then finds the events already there. ClickHouse's events go in as large JSONEachRow INSERTs
 * (the seed's ids are fresh UUIDs, so insert()'s duplicate lookup has nothing to find), past the
 * materialized views; its summary tables are then filled by the store's own backfill. PostgreSQL's go
 * through insert(). Same seeds, `now` and batching as scale.mjs, so the events are the same.
 *
 *   node bench/collector/build-store.mjs --store clickhouse --events 10000000 --keep /work/jt-stores/ch --now 1764600000000
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '../../examples/collector/stores/store.js'
import { clickhouseClient, literal } from '../../examples/collector/stores/clickhouse-http.js'
import { backfillSummaries } from '../../examples/collector/stores/clickhouse-copies.js'
import { INTERNAL_TYPES } from '../../examples/collector/analytics/definitions.js'
import { clickhouseLine } from '../../examples/collector/stores/clickhouse.js'
import { identityLinks } from '../../examples/collector/stores/columns.js'
import { generateJourneys } from '../../scripts/seed-demo.mjs'
import { startClickhouse, startPostgres } from '../../test/collector/support/servers.js'

const arg = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? /** @type {string} */ (process.argv[i + 1]) : fallback
}
const name = arg('store', 'clickhouse')
const count = Number(arg('events', '10000000'))
const keep = arg('keep', '')
if (!keep) throw new Error('--keep DIR is required')
const now = Number(arg('now', String(Date.now())))

const server = name === 'postgres' ? await startPostgres({ durable: true, keep }) : await startClickhouse({ keep })
const config = name === 'postgres' ? { databaseUrl: server.url } : { clickhouseUrl: `${server.url}/journeytag` }
const store = await openStore({ dbPath: '', ...config })
const started = performance.now()
let stored = 0
let seed = 1
const ch = name === 'clickhouse' ? clickhouseClient(`${server.url}/journeytag`) : null
while (stored < count) {
  const events = generateJourneys({ visitors: 20_000, days: 30, now, seed: seed++ }).slice(0, count - stored)
  const rows = events.map((event) => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: now, bot: false }))
  if (ch) {
    await ch.exec('INSERT INTO journey_events FORMAT JSONEachRow', { body: rows.map((row) => clickhouseLine(row)).join('\n') })
    const links = identityLinks(rows)
    if (links.length) await ch.exec('INSERT INTO journey_identities FORMAT JSONEachRow', { body: links.map((l) => JSON.stringify({ anonymous_id: l.anonymousId, user_id: l.userId, linked_at: l.linkedAt })).join('\n') })
  } else {
    for (let i = 0; i < rows.length; i += 5000 * 4) {
      await Promise.all([0, 1, 2, 3].map((k) => rows.slice(i + k * 5000, i + (k + 1) * 5000)).filter((b) => b.length).map((b) => store.insert(b)))
    }
  }
  stored += events.length
  if (seed % 10 === 0) console.log(`${stored} events, ${(stored / ((performance.now() - started) / 1000)).toFixed(0)}/s`)
}
if (ch) {
  // The events went straight into journey_events, past the materialized views: fill the summaries from them once.
  const t0 = performance.now()
  await backfillSummaries(ch, INTERNAL_TYPES.map(literal).join(', '))
  console.log(`summaries backfilled in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
}
writeFileSync(join(keep, 'bench-store.json'), JSON.stringify({ store: name, events: stored, seed, now }))
console.log(`done: ${stored} events in ${((performance.now() - started) / 1000).toFixed(0)} s`)
await store.close()
await server.stop()
