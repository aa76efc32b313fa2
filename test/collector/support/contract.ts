/**
 * The collector's behaviour over HTTP, run once per store (SQLite, PostgreSQL, ClickHouse):
 * whatever the database, a batch is stored exactly once or refused whole, and a
 * poisoned event is a 400 naming its field, never a database error.
 */
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createCollector } from '../../../examples/collector/http/server.js'
import type { Store } from '../../../examples/collector/stores/store.js'
import { makeBatch, makeEvent } from './events'

const SITE = 'https://shop.test'
const PHASES = ['awareness', 'consideration', 'conversion', 'retention', 'advocacy']
const ALL = { from: 0, to: Date.now() + 86_400_000 }
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const HEADLESS = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36'

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
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER, ...(init.headers as Record<string, string>) },
    })
  const touchpoints = async (visitor: string) => (await store.visitor(visitor, { ...ALL, includeBots: true }))?.touchpoints ?? []
  const storedIds = async (visitor: string) => (await touchpoints(visitor)).map((e) => e.id).sort()
  const api = async (query: string) => (await fetch(`${url}/api/journey?${query}`)).json()

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
    const stored = await touchpoints(visitor)
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1) // both stamped now: any order is the same instant
    expect([...stored].sort(byId).map((e) => [e.id, e.type, e.phase, e.anonymousId, e.sessionId, e.channel])).toEqual(
      [...events].sort(byId).map((e) => [e.id, e.type, e.phase, e.anonymousId, e.sessionId, e.channel]),
    )
    expect(Math.abs(stored[0]!.time - Date.parse(events[0]!.timestamp))).toBeLessThan(2_000)
  })

  test('an event delivered twice (a retry after a lost answer) is stored once', async () => {
    const visitor = randomUUID()
    const events = [makeEvent({ anonymousId: visitor }), makeEvent({ anonymousId: visitor })]
    expect((await post(makeBatch(events))).status).toBe(200)
    const again = await post(makeBatch([events[1]!, makeEvent({ anonymousId: visitor })]))
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ accepted: 2, duplicates: 1 })
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

  test('a poisoned event (a 3,000-character anonymousId) is a 400 naming its field, and its valid neighbours store once it is fixed', async () => {
    const visitor = randomUUID()
    const good = Array.from({ length: 19 }, () => makeEvent({ anonymousId: visitor }))
    const poisoned = makeEvent({ anonymousId: 'x'.repeat(3000) })
    const response = await post(makeBatch([...good, poisoned]))
    expect(response.status).toBe(400)
    expect((await response.json()).error).toBe('events[19].anonymousId: expected at most 128 characters')
    expect(await storedIds(visitor)).toEqual([])
    // What the SDK does with a 400: drops the event the collector named and sends the rest.
    const retry = await post(makeBatch(good))
    expect(retry.status).toBe(200)
    expect(await storedIds(visitor)).toEqual(good.map((e) => e.id).sort())
  })

  test('properties nested thousands of levels deep are a 400 naming properties; the collector keeps answering', async () => {
    const visitor = randomUUID()
    // Built as text: JSON.stringify of such a value would itself overflow the stack.
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`
    const body = JSON.stringify(makeBatch([makeEvent({ anonymousId: visitor, properties: { placeholder: 1 } })])).replace('{"placeholder":1}', deep)
    const response = await post(body)
    expect(response.status).toBe(400)
    expect((await response.json()).error).toMatch(/^events\[0\]\.properties: /)
    expect(await storedIds(visitor)).toEqual([])
    const next = makeEvent({ anonymousId: visitor })
    expect((await post(makeBatch([next]))).status).toBe(200)
    expect(await storedIds(visitor)).toEqual([next.id])
  })

  test('an unknown field is refused with 400 naming it, not silently dropped', async () => {
    const visitor = randomUUID()
    const response = await post(makeBatch([{ ...makeEvent({ anonymousId: visitor }), colour: 'red' } as never]))
    expect(response.status).toBe(400)
    expect((await response.json()).error).toBe('events[0].colour: unknown key')
    expect(await storedIds(visitor)).toEqual([])
  })

  test('a timestamp with an offset (+02:00) is stored at the same instant as its UTC form', async () => {
    const visitor = randomUUID()
    const utc = Date.now() - 10 * 60_000
    const local = new Date(utc + 2 * 3_600_000).toISOString().replace('Z', '+02:00')
    const sentAt = new Date(Date.now() + 2 * 3_600_000).toISOString().replace('Z', '+02:00')
    const response = await post({ schemaVersion: 1, sentAt, events: [makeEvent({ anonymousId: visitor, timestamp: local })] })
    expect(response.status).toBe(200)
    const [stored] = await touchpoints(visitor)
    expect(Math.abs(stored!.time - utc)).toBeLessThan(2_000)
  })

  test('events from a headless browser are flagged bot: left out of the map unless includeBots=1, kept in storage', async () => {
    const run = randomUUID()
    const visitor = randomUUID()
    expect((await post(makeBatch([makeEvent({ anonymousId: visitor, properties: { run } })]), { headers: { 'user-agent': HEADLESS } })).status).toBe(200)
    expect((await post(makeBatch([makeEvent({ properties: { run } })]))).status).toBe(200)
    expect((await api(`range=24h&prop=run:${run}`)).totals.visitors).toBe(1)
    expect((await api(`range=24h&prop=run:${run}&includeBots=1`)).totals.visitors).toBe(2)
    expect((await touchpoints(visitor)).map((t) => t.bot)).toEqual([true])
  })

  test("the journey API and map page show one visitor's journey through all five phases", async () => {
    const visitor = randomUUID()
    const run = randomUUID()
    const start = Date.now() - 60 * 60_000 // read once: a clock tick between events would shift the medians by 1 ms
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString()
    const events = PHASES.map((phase, i) =>
      makeEvent({ anonymousId: visitor, phase, timestamp: at(i * 10), type: i === 2 ? 'purchase' : 'page_view', properties: i === 2 ? { run, orderId: 'A-7', value: 24, currency: 'EUR' } : { run } }),
    )
    expect((await post(makeBatch(events))).status).toBe(200)
    const figures = await api(`range=24h&prop=run:${run}`)
    expect(figures.totals).toEqual({ visitors: 1, sessions: 5, events: 5 })
    expect(figures.phases.map((p: { reached: number }) => p.reached)).toEqual([1, 1, 1, 1, 1])
    expect(figures.phases[0].toNext.p50).toBe(10 * 60_000)
    expect(figures.goal).toMatchObject({ visitors: 1, revenue: [{ currency: 'EUR', amount: 24, purchases: 1 }] })
    expect(figures.filters).toEqual({ property: { name: 'run', value: run } })

    const person = await api(`range=24h&visitor=${visitor}`)
    expect(person.visitor.touchpoints.map((t: { phase: string }) => t.phase)).toEqual(PHASES)
    const page = await (await fetch(`${url}/map?range=24h&visitor=${visitor}`)).text()
    expect(page).toContain('data-furthest="advocacy"')
    expect(page).toContain('order value €24 · orderId A-7')
    expect((await fetch(`${url}/api/journey?from=tomorrow`)).status).toBe(400)
    expect((await fetch(`${url}/api/journey?range=24h&visitor=${randomUUID()}`)).status).toBe(404)
  })

  test('a friction-by-phase row links to the map of the visitors who hit it, keeping the range and filters', async () => {
    const run = randomUUID()
    const [hit, spared] = [randomUUID(), randomUUID()]
    const events = [
      makeEvent({ anonymousId: hit, properties: { run } }),
      makeEvent({ anonymousId: hit, type: 'rage_click', properties: { run } }),
      makeEvent({ anonymousId: spared, properties: { run } }),
    ]
    expect((await post(makeBatch(events))).status).toBe(200)
    const page = await (await fetch(`${url}/map?range=24h&prop=run:${run}`)).text()
    expect(page).toContain(`data-visitor="${spared}"`)
    const href = page.match(/<tr data-phase="awareness" data-kind="rage_click">.*?<a href="([^"]+)">rage_click<\/a>/)?.[1]?.replaceAll('&amp;', '&')
    expect(href).toBe(`/map?range=24h&prop=run%3A${run}&type=rage_click`)
    const hitters = await (await fetch(`${url}${href}`)).text()
    expect(hitters).toContain(`data-visitor="${hit}"`)
    expect(hitters).not.toContain(`data-visitor="${spared}"`)
    expect((await api(`range=24h&prop=run:${run}&type=rage_click`)).totals).toMatchObject({ visitors: 1, events: 2 })
  })

  test('two segments side by side: each has its own funnel', async () => {
    const [a, b] = [randomUUID(), randomUUID()]
    const events = [makeEvent({ properties: { run: a } }), makeEvent({ properties: { run: a } }), makeEvent({ properties: { run: b }, phase: 'consideration' })]
    expect((await post(makeBatch(events))).status).toBe(200)
    const answer = await api(`range=24h&segment=prop:run:${a}&segment=prop:run:${b}`)
    expect(answer.segments.map((s: { label: string; totals: { visitors: number } }) => [s.label, s.totals.visitors])).toEqual([[`prop:run:${a}`, 2], [`prop:run:${b}`, 1]])
    expect(answer.segments[1].phases.map((p: { reached: number }) => p.reached)).toEqual([1, 1, 0, 0, 0])
  })

  test('the raw events of a range export as NDJSON and CSV, streamed; figure tables as CSV', async () => {
    const run = randomUUID()
    const events = Array.from({ length: 30 }, (_, i) => makeEvent({ properties: { run, note: i ? 'plain' : '=1+1, "quoted"' } }))
    expect((await post(makeBatch(events))).status).toBe(200)
    const ndjson = await fetch(`${url}/api/export?range=24h&prop=run:${run}`)
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson')
    const lines = (await ndjson.text()).trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.event.id).sort()).toEqual(events.map((e) => e.id).sort())
    expect(lines[0]).toMatchObject({ bot: false, occurredAt: expect.stringMatching(/Z$/) })

    const csv = await (await fetch(`${url}/api/export?range=24h&prop=run:${run}&format=csv`)).text()
    const rows = csv.trim().split('\r\n')
    expect(rows[0]).toBe('id,occurredAt,receivedAt,type,phase,anonymousId,userId,sessionId,channel,campaignSource,campaignMedium,campaignName,pagePath,pageUrl,properties,bot')
    expect(rows).toHaveLength(31)
    expect(csv).toContain(`"{""run"":""${run}"",""note"":""=1+1, \\""quoted\\""""}"`)

    const channels = await fetch(`${url}/api/journey.csv?range=24h&prop=run:${run}&table=channels`)
    expect(channels.headers.get('content-type')).toContain('text/csv')
    const [header, direct, ...rest] = (await channels.text()).trim().split('\r\n')
    expect([header?.split(',').slice(0, 3), direct?.split(',').slice(0, 3), rest]).toEqual([['channel', 'visitors', 'converted'], ['direct', '30', '0'], []])
    expect((await fetch(`${url}/api/journey.csv?range=24h&table=nope`)).status).toBe(400)
  })

  test('/health is cheap and /api/version moves when events arrive (what the map page polls)', async () => {
    const health = await (await fetch(`${url}/health`)).json()
    expect(health).toMatchObject({ ok: true, engine: expect.any(String), queue: { waiting: 0, writing: 0 } })
    const before = (await (await fetch(`${url}/api/version`)).json()).version
    expect((await (await fetch(`${url}/api/version`)).json()).version).toBe(before)
    expect((await post(makeBatch([makeEvent()]))).status).toBe(200)
    expect((await (await fetch(`${url}/api/version`)).json()).version).not.toBe(before)
  })
}
