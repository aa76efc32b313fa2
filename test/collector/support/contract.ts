/**
 * The collector's behaviour over HTTP, run once per store (SQLite, PostgreSQL):
 * whatever the database, a batch is stored exactly once or refused whole.
 */
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createCollector } from '../../../examples/collector/http/server.js'
import type { Store } from '../../../examples/collector/storage/store.js'
import { makeBatch, makeEvent } from './events'

const SITE = 'https://shop.test'
const PHASES = ['awareness', 'consideration', 'conversion', 'retention', 'advocacy']
const ALL = { from: 0, to: Date.now() + 86_400_000 }

/** Defines the collector tests against the store `open()` gives (closed by `close()` afterwards). */
export function collectorContract(open: () => Promise<Store>, close: () => Promise<void> | void = () => undefined) {
  let store: Store
  let open1: ReturnType<typeof createCollector>
  let keyed: ReturnType<typeof createCollector>
  let url = ''
  let keyedUrl = ''

  const listen = (server: ReturnType<typeof createCollector>) =>
    new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))
  const post = (body: unknown, init: RequestInit & { base?: string; path?: string } = {}) =>
    fetch(`${init.base ?? url}${init.path ?? '/collect'}`, {
      method: 'POST',
      body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
      ...init,
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...(init.headers as Record<string, string>) },
    })
  const storedIds = async (visitor: string) => (await store.events({ ...ALL, visitor })).map((e) => e.id).sort()

  beforeAll(async () => {
    store = await open()
    open1 = createCollector(store, { origins: [SITE, 'http://localhost:*'], writeKey: undefined, maxBodyBytes: 64 * 1024, phases: PHASES })
    keyed = createCollector(store, { origins: ['*'], writeKey: 's3cret-key', maxBodyBytes: 64 * 1024, phases: PHASES })
    url = await listen(open1)
    keyedUrl = await listen(keyed)
  }, 60_000)

  afterAll(async () => {
    for (const server of [open1, keyed]) {
      server?.closeAllConnections()
      await new Promise((r) => server?.close(r))
    }
    await store?.close()
    await close()
  }, 60_000)

  test('stores a valid batch and answers 200 once its events can be read back', async () => {
    const visitor = randomUUID()
    const events = [makeEvent({ anonymousId: visitor }), makeEvent({ anonymousId: visitor, type: 'purchase', phase: 'conversion', properties: { orderId: 'A-1', value: 9.5, currency: 'EUR' } })]
    const response = await post(makeBatch(events))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 })
    const stored = await store.events({ ...ALL, visitor })
    expect(stored.map((e) => [e.id, e.type, e.phase, e.anonymousId, e.sessionId, e.channel])).toEqual(
      events.map((e) => [e.id, e.type, e.phase, e.anonymousId, e.sessionId, e.channel]),
    )
    expect(Math.abs(stored[0]!.time - Date.parse(events[0]!.timestamp))).toBeLessThan(2_000)
  })

  test('an event delivered twice (a retry after a lost answer) is stored once', async () => {
    const visitor = randomUUID()
    const events = [makeEvent({ anonymousId: visitor }), makeEvent({ anonymousId: visitor })]
    const before = await store.count()
    expect((await post(makeBatch(events))).status).toBe(200)
    const again = await post(makeBatch([events[1]!, makeEvent({ anonymousId: visitor })]))
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ accepted: 2, duplicates: 1 })
    expect(await store.count()).toBe(before + 3)
    expect((await storedIds(visitor)).length).toBe(3)
  })

  test('an invalid batch is refused with 400 naming the field, and none of its events is stored', async () => {
    const visitor = randomUUID()
    const good = makeEvent({ anonymousId: visitor })
    const bad = { ...makeEvent({ anonymousId: visitor }), timestamp: 'yesterday' }
    const response = await post(makeBatch([good, good, bad]))
    expect(response.status).toBe(400)
    expect((await response.json()).error).toContain('events[2].timestamp')
    expect(await storedIds(visitor)).toEqual([])

    const wrongVersion = await post({ ...makeBatch([good]), schemaVersion: 2 })
    expect(wrongVersion.status).toBe(400)
    expect((await wrongVersion.json()).error).toContain('schemaVersion')
    const notJson = await post('{"schemaVersion":1,')
    expect(notJson.status).toBe(400)
    expect(await storedIds(visitor)).toEqual([])
  })

  test('a body over the size limit is refused with 413 and not stored', async () => {
    const visitor = randomUUID()
    const big = makeEvent({ anonymousId: visitor, properties: { blob: 'x'.repeat(70 * 1024) } })
    const response = await post(makeBatch([big]))
    expect(response.status).toBe(413)
    const bomb = gzipSync(JSON.stringify(makeBatch([makeEvent({ anonymousId: visitor, properties: { blob: ' '.repeat(200 * 1024) } })])))
    expect(bomb.length).toBeLessThan(64 * 1024) // small on the wire, too big once inflated
    const inflated = await post(new Uint8Array(bomb), { headers: { 'content-encoding': 'gzip' } })
    expect(inflated.status).toBe(413)
    expect(await storedIds(visitor)).toEqual([])
  })

  test('with a write key, a missing or wrong key is refused with 401; header, bearer token and ?key= are accepted', async () => {
    const visitor = randomUUID()
    const batch = () => makeBatch([makeEvent({ anonymousId: visitor })])
    expect((await post(batch(), { base: keyedUrl })).status).toBe(401)
    expect((await post(batch(), { base: keyedUrl, headers: { 'x-write-key': 'wrong' } })).status).toBe(401)
    expect((await post(batch(), { base: keyedUrl, path: '/collect?key=s3cret-key-' })).status).toBe(401)
    expect(await storedIds(visitor)).toEqual([])
    expect((await post(batch(), { base: keyedUrl, headers: { 'x-write-key': 's3cret-key' } })).status).toBe(200)
    expect((await post(batch(), { base: keyedUrl, headers: { authorization: 'Bearer s3cret-key' } })).status).toBe(200)
    expect((await post(batch(), { base: keyedUrl, path: '/collect?key=s3cret-key' })).status).toBe(200)
    expect((await storedIds(visitor)).length).toBe(3)
  })

  test('only configured site origins get a CORS grant (preflight too); others are refused and nothing is stored', async () => {
    const preflight = (origin: string) =>
      fetch(`${url}/collect`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-write-key' } })
    const allowed = await preflight(SITE)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE)
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type, content-encoding, x-write-key, authorization')
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173')

    const denied = await preflight('https://evil.test')
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
    expect((await preflight('https://shop.test.evil.test')).headers.get('access-control-allow-origin')).toBeNull()

    const visitor = randomUUID()
    const fromSite = await post(makeBatch([makeEvent({ anonymousId: visitor })]), { headers: { origin: SITE } })
    expect(fromSite.status).toBe(200)
    expect(fromSite.headers.get('access-control-allow-origin')).toBe(SITE)
    // The SDK must be able to read Retry-After cross-origin to wait as a busy collector asks.
    expect(fromSite.headers.get('access-control-expose-headers')).toContain('retry-after')
    const fromElsewhere = await post(makeBatch([makeEvent({ anonymousId: visitor })]), { headers: { origin: 'https://evil.test' } })
    expect(fromElsewhere.status).toBe(403)
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull()
    expect((await storedIds(visitor)).length).toBe(1)
  })

  test('a gzip body (content-encoding: gzip) is accepted', async () => {
    const visitor = randomUUID()
    const events = [makeEvent({ anonymousId: visitor }), makeEvent({ anonymousId: visitor })]
    const response = await post(new Uint8Array(gzipSync(JSON.stringify(makeBatch(events)))), { headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' } })
    expect(response.status).toBe(200)
    expect(await storedIds(visitor)).toEqual(events.map((e) => e.id).sort())
    const garbage = await post(new Uint8Array([1, 2, 3]), { headers: { 'content-encoding': 'gzip' } })
    expect(garbage.status).toBe(400)
  })

  test("the journey API and map page show one visitor's journey through all five phases", async () => {
    const visitor = randomUUID()
    const start = Date.now() - 60 * 60_000 // read once: a clock tick between events would shift the medians by 1 ms
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString()
    const events = PHASES.map((phase, i) => makeEvent({ anonymousId: visitor, phase, timestamp: at(i * 10), type: i === 2 ? 'purchase' : 'page_view' }))
    expect((await post(makeBatch(events))).status).toBe(200)
    const api = await (await fetch(`${url}/api/journey?range=24h&visitor=${visitor}`)).json()
    expect(api.totals).toEqual({ visitors: 1, sessions: 5, events: 5 })
    expect(api.phases.map((p: { reached: number }) => p.reached)).toEqual([1, 1, 1, 1, 1])
    expect(api.phases[0].medianToNextMs).toBe(10 * 60_000)
    expect(api.touchpoints).toHaveLength(5)
    const page = await (await fetch(`${url}/map?range=24h&visitor=${visitor}`)).text()
    for (const phase of PHASES) expect(page).toContain(`data-phase="${phase}" data-reached="1"`)
    expect((await fetch(`${url}/api/journey?from=tomorrow`)).status).toBe(400)
  })
}
