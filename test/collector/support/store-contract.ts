/**
 * What every store guarantees, run once per engine (SQLite, PostgreSQL, ClickHouse):
 * the shared fixture gives exactly the reference's figures for every kind of query,
 * inserts are idempotent and deadlock-free, timelines follow a person across devices,
 * exports stream in time order, and health is cheap.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { referenceFigures } from '../../../examples/collector/analytics/reference.js'
import type { FigureQuery, Store, StoredEvent } from '../../../examples/collector/stores/store.js'
import { BATCHES, MIN, QUERY, ROWS, T0 } from './fixture'
import { makeEvent } from './events'

/** Queries that exercise every code path of the figures' SQL. */
export const VARIANTS: Record<string, FigureQuery> = {
  'the whole range': QUERY,
  'the first hour only': { ...QUERY, to: T0 + 60 * MIN },
  'bots included': { ...QUERY, includeBots: true },
  'visitors with a direct touchpoint': { ...QUERY, filters: { channel: 'direct' } },
  'campaign spring': { ...QUERY, filters: { campaign: 'spring' } },
  'first channel direct': { ...QUERY, filters: { firstChannel: 'direct' } },
  'property plan = pro': { ...QUERY, filters: { property: { name: 'plan', value: 'pro' } } },
  'visitors who abandoned a form': { ...QUERY, filters: { type: 'form_abandon' } },
  'custom phases and goal': { ...QUERY, phases: ['awareness', 'onboarding'], goal: ['tour_started'] },
  'a 100-day range (weekly trend)': { ...QUERY, from: T0 - 100 * 1440 * MIN },
  'an empty range': { ...QUERY, from: T0 - 10 * 1440 * MIN, to: T0 - 9 * 1440 * MIN },
}

/** Defines the store tests; `open()` gives an empty store, `close()` stops its server. */
export function storeContract(open: () => Promise<Store>, close: () => Promise<void> | void = () => undefined) {
  let store: Store

  beforeAll(async () => {
    store = await open()
    for (const batch of BATCHES) await store.insert(batch)
  }, 60_000)
  afterAll(async () => {
    await store?.close()
    await close()
  }, 60_000)

  describe('the shared fixture gives the reference figures', () => {
    for (const [name, query] of Object.entries(VARIANTS)) {
      test(name, async () => {
        expect(await store.figures(query)).toEqual(referenceFigures(ROWS, query))
      })
    }
  })

  test('a batch delivered again is stored once and changes no figure', async () => {
    const before = await store.figures(QUERY)
    expect(await store.insert(BATCHES[0]!)).toEqual({ inserted: 0 })
    expect(await store.figures(QUERY)).toEqual(before)
  })

  test('drop-off paths: the most common per phase, ties at the cut broken by their text, as the reference gives them', async () => {
    // Far from the fixture's days: 10 visitors who stopped in awareness, on six paths of 3, 2, 2, 1, 1 and 1 visitors,
    // so the fifth place is a three-way tie the stores must break the same way.
    const day = T0 - 300 * 1440 * MIN
    const counts = { '/f': 1, '/e': 1, '/d': 1, '/c': 2, '/b': 2, '/a': 3 }
    const rows: StoredEvent[] = Object.entries(counts).flatMap(([path, n], i) =>
      Array.from({ length: n }, (_, j) => {
        const at = day + (i * 10 + j) * MIN
        const event = makeEvent({ timestamp: new Date(at).toISOString(), page: { url: `https://shop.test${path}`, path, title: path, referrer: '' } })
        return { event, occurredAt: at, receivedAt: at + MIN, bot: false }
      }),
    )
    await store.insert(rows)
    const query = { ...QUERY, from: day, to: day + 1440 * MIN }
    const figures = await store.figures(query)
    expect(figures).toEqual(referenceFigures(rows, query))
    expect(JSON.stringify(figures)).toContain('/d') // the tie at the cut keeps the first by text...
    expect(JSON.stringify(figures)).not.toContain('/f') // ...and drops the last
  })

  test('overlapping batches inserted concurrently in different orders all commit, each event once', async () => {
    const visitor = randomUUID()
    const events = Array.from({ length: 40 }, () => makeEvent({ anonymousId: visitor, timestamp: new Date(T0 + 30 * MIN).toISOString() }))
    const rows = (list: typeof events): StoredEvent[] => list.map((event) => ({ event, occurredAt: T0 + 30 * MIN, receivedAt: T0 + 31 * MIN, bot: false }))
    const shuffled = (seed: number) => [...events].sort((a, b) => ((a.id.charCodeAt(seed) * 7) % 13) - ((b.id.charCodeAt(seed) * 7) % 13))
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.insert(rows(shuffled(i).slice(0, 30)))))
    // Every distinct event is counted as inserted by exactly one of the batches.
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(countDistinct(8, shuffled))
    const timeline = await store.visitor(visitor, { from: 0, to: T0 + 86_400_000 })
    expect(timeline?.touchpoints.length).toBe(countDistinct(8, shuffled))
  })

  test("a visitor's timeline follows the person across devices, by userId or either anonymousId, oldest first", async () => {
    const byUser = await store.visitor('user-g', QUERY)
    expect(byUser).toMatchObject({ visitor: 'user-g', userId: 'user-g', anonymousIds: ['g1', 'g2'], truncated: false })
    expect(byUser!.touchpoints.map((t) => [t.anonymousId, t.type, t.path])).toEqual([['g1', 'page_view', '/index.html'], ['g2', 'signup', '/signup.html']])
    expect(byUser!.touchpoints[0]).toMatchObject({ time: T0, phase: 'awareness', channel: 'paid_social', campaign: 'spring', properties: { plan: 'pro' }, bot: false })
    expect(await store.visitor('g1', QUERY)).toEqual(byUser)
    const capped = await store.visitor('A', { ...QUERY, limit: 3 })
    expect(capped).toMatchObject({ visitor: 'A', userId: null, anonymousIds: ['A'], truncated: true })
    expect(capped!.touchpoints.map((t) => t.time)).toEqual([T0, T0 + 10 * MIN, T0 + 12 * MIN])
    expect(await store.visitor('H', QUERY)).toBeNull() // a bot, hidden by default
    expect((await store.visitor('H', { ...QUERY, includeBots: true }))?.touchpoints).toHaveLength(2)
    expect(await store.visitor('nobody', QUERY)).toBeNull()
  })

  test('export streams every stored event of the range once, identify included, in time order', async () => {
    const exported: StoredEvent[] = []
    for await (const row of store.exportEvents(QUERY)) exported.push(row)
    const unique = [...new Map(ROWS.map((r) => [r.event.id, r])).values()]
    const expected = unique.filter((r) => !r.bot && r.occurredAt >= QUERY.from && r.occurredAt < QUERY.to).sort((a, b) => a.occurredAt - b.occurredAt || (a.event.id < b.event.id ? -1 : 1))
    const times = exported.map((r) => r.occurredAt)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    const fixtureIds = new Set(ROWS.map((r) => r.event.id))
    expect(exported.map((r) => r.event.id).filter((id) => fixtureIds.has(id))).toEqual(expected.map((r) => r.event.id))
    expect(exported.find((r) => r.event.type === 'purchase')).toEqual(ROWS.find((r) => r.event.type === 'purchase'))
    let bots = 0
    for await (const row of store.exportEvents({ ...QUERY, includeBots: true })) bots += row.bot ? 1 : 0
    expect(bots).toBe(2)
  })

  test('export of a segment streams every event of its visitors, all their devices included', async () => {
    const ids = async (filters: FigureQuery['filters']) => {
      const found: string[] = []
      for await (const row of store.exportEvents({ ...QUERY, filters })) found.push(`${row.event.anonymousId} ${row.event.type}`)
      return found.sort()
    }
    const spring = ['A form_start', 'A form_submit', 'A page_view', 'A page_view', 'A page_view', 'A page_view', 'A purchase', 'A referral', 'g1 identify', 'g1 page_view', 'g2 identify', 'g2 signup']
    expect(await ids({ campaign: 'spring' })).toEqual(spring)
    expect(await ids({ firstChannel: 'paid_social' })).toEqual(spring.filter((s) => s.startsWith('g')))
    expect(await ids({ property: { name: 'plan', value: 'pro' }, channel: 'paid_social' })).toEqual(spring.filter((s) => s.startsWith('g')))
    const abandoned = ['form_abandon', 'form_start', 'page_view', 'page_view', 'page_view']
    expect(await ids({ type: 'form_abandon' })).toEqual([...abandoned.map((t) => `B ${t}`), ...abandoned.map((t) => `D ${t}`)])
    expect(await ids({ channel: 'referral' })).toEqual(['I page_view']) // I's earlier touchpoint is outside the range
  })

  test('health answers with the time the latest batch arrived', async () => {
    const before = await store.health()
    expect(before).toMatchObject({ ok: true, engine: store.engine })
    const receivedAt = Math.max(...ROWS.map((r) => r.receivedAt), before.lastReceivedAt ?? 0) + 1000
    await store.insert([{ event: makeEvent(), occurredAt: receivedAt, receivedAt, bot: false }])
    expect((await store.health()).lastReceivedAt).toBe(receivedAt)
  })
}

/** How many distinct events the first `n` shuffles' first 30 cover. */
function countDistinct(n: number, shuffled: (seed: number) => { id: string }[]) {
  return new Set(Array.from({ length: n }, (_, i) => shuffled(i).slice(0, 30).map((e) => e.id)).flat()).size
}
