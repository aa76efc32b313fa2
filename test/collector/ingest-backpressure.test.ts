// @vitest-environment node
/**
 * Backpressure, on a real PostgreSQL that stalls (its events table locked by
 * another session, as a long migration or a vacuum full would): batches wait in
 * the bounded write queue, and past its limit /collect answers 429 with
 * Retry-After at once instead of piling up requests. Nothing is lost: the
 * queued batches commit when the database is back, the refused one on retry.
 */
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createCollector } from '../../examples/collector/http/server.js'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import type { Store } from '../../examples/collector/stores/store.js'
import { makeBatch, makeEvent } from './support/events'
import { startPostgres } from './support/postgres'

let database: Awaited<ReturnType<typeof startPostgres>>
let store: Store
let server: ReturnType<typeof createCollector>
let url = ''

beforeAll(async () => {
  database = await startPostgres()
  store = await openPostgresStore(database.url)
  server = createCollector(store, { origins: ['*'], writeKey: undefined, maxBodyBytes: 64 * 1024, phases: ['awareness'], queueLimit: 2, writeConcurrency: 1 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
  await store?.close()
  database?.stop()
}, 60_000)

const post = (visitor: string) => fetch(`${url}/collect`, { method: 'POST', body: JSON.stringify(makeBatch([makeEvent({ anonymousId: visitor })])), headers: { 'content-type': 'text/plain' } })
const stored = async (visitor: string) => (await store.visitor(visitor, { from: 0, to: Date.now() + 60_000 }))?.touchpoints.length ?? 0

test('a full write queue answers 429 with Retry-After at once; queued batches commit once the database is back', async () => {
  const blocker = new pg.Client({ connectionString: database.url })
  await blocker.connect()
  await blocker.query('BEGIN')
  await blocker.query('LOCK TABLE journey_events IN EXCLUSIVE MODE') // reads go on, inserts wait
  try {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()]
    const queued = [post(a), post(b)]
    await expect.poll(async () => (await (await fetch(`${url}/health`)).json()).queue, { timeout: 5_000 }).toEqual({ waiting: 1, writing: 1 })

    const started = performance.now()
    const refused = await post(c)
    expect(refused.status).toBe(429)
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect((await refused.json()).error).toContain('busy')
    expect(await stored(c)).toBe(0)

    await blocker.query('COMMIT')
    expect((await Promise.all(queued)).map((r) => r.status)).toEqual([200, 200])
    expect((await post(c)).status).toBe(200) // the SDK's retry after Retry-After
    expect([await stored(a), await stored(b), await stored(c)]).toEqual([1, 1, 1])
  } finally {
    await blocker.end()
  }
}, 30_000)
