#!/usr/bin/env node
// @ts-check
/**
 * Builds a kept store for the scale bench once (a 10 M-event load takes most of an hour through
 * insert() on this machine), so that iterations on the figures' SQL reuse it: `scale.mjs --keep DIR`
 * then finds the events already there. ClickHouse's events go in as large JSONEachRow INSERTs
 * (the seed's ids are fresh UUIDs, so insert()'s duplicate lookup has nothing to find), past the
 * materialized views; its summary tables are then filled by the store's own backfill. PostgreSQL's go
 * through insert(), or with `--bulk` as 20,000-row INSERTs straight into journey_events and
 * journey_identities (a store as an older version left it: the store's backfill fills its
 * summaries when it next opens). Same seeds, `now` and batching as scale.mjs, so the events are the same.
 *
 *   node bench/collector/build-store.mjs --store clickhouse --events 10000000 --keep /work/jt-stores/ch --now 1764600000000
 *   node bench/collector/build-store.mjs --store postgres --bulk --events 10000000 --keep /work/jt-stores/pg/10m --now 1764600000000
 */
import { writeFileSync } from 'node:fs'
import pg from 'pg'
import { join } from 'node:path'
import { openStore } from '../../examples/collector/stores/store.js'
import { clickhouseClient, literal } from '../../examples/collector/stores/clickhouse-http.js'
import { backfillSummaries } from '../../examples/collector/stores/clickhouse-copies.js'
import { INTERNAL_TYPES } from '../../examples/collector/analytics/definitions.js'
import { clickhouseLine } from '../../examples/collector/stores/clickhouse.js'
import { identityLinks, toColumns } from '../../examples/collector/stores/columns.js'
import { POSTGRES_SCHEMA } from '../../examples/collector/stores/postgres-schema.js'
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
// PostgreSQL's bulk path writes the events only (no summaries): the store's own one-time backfill fills them when it next opens.
const pgBulk = name === 'postgres' && process.argv.includes('--bulk')
const pgClient = pgBulk ? new pg.Client({ connectionString: server.url }) : null
if (pgClient) {
  await pgClient.connect()
  await pgClient.query(POSTGRES_SCHEMA)
}
const store = pgBulk ? null : await openStore({ dbPath: '', ...config })
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
  } else if (pgClient) {
    for (let i = 0; i < rows.length; i += 20_000) await bulkPostgres(pgClient, rows.slice(i, i + 20_000))
  } else if (store) {
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
await store?.close()
await pgClient?.end()
await server.stop()

/**
 * One multi-row INSERT of events (and their identity links) straight into the tables, as a restore would.
 * @param {pg.Client} c
 * @param {import('../../examples/collector/stores/store.js').StoredEvent[]} rows
 */
async function bulkPostgres(c, rows) {
  const cols = rows.map(toColumns)
  const of = (/** @type {keyof import('../../examples/collector/stores/columns.js').EventColumns} */ key) => cols.map((r) => r[key])
  await c.query(
    `INSERT INTO journey_events (id, type, phase, anonymous_id, user_id, session_id, channel, campaign, path, value_cents, currency, prop_pairs, bot, occurred_at, received_at, event)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[],
       $13::smallint[], $14::bigint[], $15::bigint[], $16::jsonb[])`,
    [of('id'), of('type'), of('phase'), of('anonymousId'), of('userId'), of('sessionId'), of('channel'), of('campaign'), of('path'), of('valueCents'), of('currency'), of('propPairs'), of('bot'), of('occurredAt'), of('receivedAt'), of('json')],
  )
  const links = identityLinks(rows)
  if (links.length) {
    await c.query('INSERT INTO journey_identities (anonymous_id, user_id, linked_at) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT (anonymous_id) DO NOTHING', [
      links.map((l) => l.anonymousId), links.map((l) => l.userId), links.map((l) => l.linkedAt),
    ])
  }
}
