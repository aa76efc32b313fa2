// @vitest-environment node
/**
 * PostgreSQL's map reads per-visitor summaries kept at ingest, and summarizes from events the
 * visitors a range cuts through: these tests cover what the shared contract cannot — ranges that
 * cut visitors' journeys (and hours) in two, a store written before the summaries existed, and
 * batches of one visitor committed concurrently.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import type { FigureQuery, Store, StoredEvent } from '../../examples/collector/stores/store.js'
import { makeEvent } from './support/events'
import { BATCHES, MIN, QUERY, ROWS, T0 } from './support/fixture'
import { startPostgres } from './support/postgres'
import { VARIANTS } from './support/store-contract'

/** Ranges whose ends cut visitors' journeys: those visitors come from their events in the range, the others from their summaries. */
const CUT: Record<string, FigureQuery> = {
  'from minute 11 to minute 1510 (A\'s advocacy at 1500 in the last, partial hour)': { ...QUERY, from: T0 + 11 * MIN, to: T0 + 1510 * MIN },
  'inside one hour (minutes 5 to 40)': { ...QUERY, from: T0 + 5 * MIN, to: T0 + 40 * MIN },
  'cut through A\'s return (minute 11 to 1480), bots included': { ...QUERY, from: T0 + 11 * MIN, to: T0 + 1480 * MIN, includeBots: true },
  'first channel direct, from minute 31': { ...QUERY, from: T0 + 31 * MIN, filters: { firstChannel: 'direct' } },
  'campaign spring, to minute 35': { ...QUERY, to: T0 + 35 * MIN, filters: { campaign: 'spring' } },
}

let server: Awaited<ReturnType<typeof startPostgres>>
let store: Store
const concurrent: StoredEvent[] = []

beforeAll(async () => {
  server = await startPostgres()
  store = await openPostgresStore(server.url)
  for (const batch of BATCHES) await store.insert(batch)
}, 60_000)
afterAll(async () => {
  await store?.close()
  server?.stop()
}, 60_000)

describe('ranges that cut journeys in two give the reference figures', () => {
  for (const [name, query] of Object.entries(CUT)) {
    test(name, async () => {
      expect(await store.figures(query)).toEqual(referenceFigures(ROWS, query))
    })
  }
})

test('a store written before the summaries existed gets them from its events when it opens', async () => {
  const admin = new pg.Client({ connectionString: server.url })
  await admin.connect()
  await admin.query('CREATE DATABASE before_summaries')
  await admin.end()
  const url = server.url.replace(/\/postgres$/, '/before_summaries')
  const older = await openPostgresStore(url)
  for (const batch of BATCHES) await older.insert(batch)
  await older.close()
  // What a store of the previous version holds: its events and identities, no summary table.
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query('DROP TABLE journey_visitors, journey_visitor_details, journey_sessions')
  await client.end()
  const reopened = await openPostgresStore(url)
  try {
    for (const query of [...Object.values(VARIANTS), ...Object.values(CUT)]) expect(await reopened.figures(query)).toEqual(referenceFigures(ROWS, query))
  } finally {
    await reopened.close()
  }
})

test('batches of one visitor committed concurrently all count in the figures', async () => {
  const kinds: [string, string][] = [['page_view', 'awareness'], ['page_view', 'consideration'], ['form_start', 'consideration'], ['form_abandon', 'consideration'], ['page_view', 'conversion']]
  for (let round = 0; round < 5; round++) {
    const anonymousId = randomUUID()
    const events = Array.from({ length: 40 }, (_, i) => {
      const [type, phase] = kinds[i % kinds.length]!
      const path = `/p${i}`
      return makeEvent({ anonymousId, sessionId: `s${i % 3}`, type, phase, timestamp: new Date(T0 + (120 + round) * MIN + i * 1000).toISOString(), page: { url: `https://shop.test${path}`, path, title: 'p', referrer: '' } })
    })
    const rows = events.map((event): StoredEvent => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: T0 + 130 * MIN, bot: false }))
    concurrent.push(...rows)
    // Disjoint batches (no event id to wait on), each in its own transaction at the same time: every one must end up in the visitor's summary.
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.insert(rows.filter((_, k) => k % 8 === i))))
  }
  const all = [...ROWS, ...concurrent]
  expect(await store.figures(QUERY)).toEqual(referenceFigures(all, QUERY))
})

test('a session id two visitors share is counted once, whichever batch brings it', async () => {
  const sessionId = `shared-${randomUUID()}`
  const at = T0 + 300 * MIN
  const row = (anonymousId: string, minute: number): StoredEvent => {
    const event = makeEvent({ anonymousId, sessionId, timestamp: new Date(at + minute * MIN).toISOString() })
    return { event, occurredAt: at + minute * MIN, receivedAt: at + 10 * MIN, bot: false }
  }
  // Two visitors in one batch, then a third in a later batch: the first two rows must learn the session is shared.
  const together = [row(randomUUID(), 0), row(randomUUID(), 1)]
  const later = [row(randomUUID(), 2)]
  await store.insert(together)
  await store.insert(later)
  concurrent.push(...together, ...later)
  const all = [...ROWS, ...concurrent]
  const figures = await store.figures(QUERY)
  expect(figures).toEqual(referenceFigures(all, QUERY))
  expect(figures.totals.sessions).toBe(new Set(all.filter((r) => !r.bot && r.occurredAt >= QUERY.from && r.occurredAt < QUERY.to && r.event.type !== 'identify').map((r) => r.event.sessionId)).size)
})
