// @vitest-environment node
/** Maps are reused for a short time, never computed twice at once, and never more than a few at a time. */
import { expect, test } from 'vitest'
import { createFiguresCache } from '../../examples/collector/http/figures-cache.js'

/** A computation that finishes when the test says so. */
function gate<T>(value: T) {
  let open!: () => void
  const opened = new Promise<void>((r) => (open = r))
  let runs = 0
  return { run: async () => (runs++, await opened, value), open: () => open(), runs: () => runs }
}

test('tabs asking for the same map while it is computed share one computation', async () => {
  const cache = createFiguresCache<string>({ ttlMs: 5000 })
  const slow = gate('map')
  const asks = Array.from({ length: 16 }, () => cache.get('?range=30d', 'v1', slow.run))
  slow.open()
  expect(await Promise.all(asks)).toEqual(Array(16).fill('map'))
  expect(slow.runs()).toBe(1)
})

test('with new events a map is reused until it is ttlMs old; with none, until maxAgeMs', async () => {
  let clock = 0
  const cache = createFiguresCache<number>({ ttlMs: 5000, maxAgeMs: 60_000, now: () => clock })
  let runs = 0
  const compute = async () => ++runs
  expect(await cache.get('k', 'v1', compute)).toBe(1)
  clock = 4999
  expect(await cache.get('k', 'v2', compute)).toBe(1) // new events, but a busy site recomputes at most every ttlMs
  clock = 5000
  expect(await cache.get('k', 'v2', compute)).toBe(2)
  clock = 64_999
  expect(await cache.get('k', 'v2', compute)).toBe(2) // nothing new for a minute: still the same map
  clock = 65_000
  expect(await cache.get('k', 'v2', compute)).toBe(3) // a sliding range moved on: recomputed
  expect(await cache.get('other', 'v2', compute)).toBe(4)
})

test('a failed computation is not kept: the next ask tries again', async () => {
  const cache = createFiguresCache<string>({ ttlMs: 5000 })
  await expect(cache.get('k', 'v1', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down')
  expect(await cache.get('k', 'v1', async () => 'map')).toBe('map')
})

test('at most `concurrency` different maps are computed at a time; the others wait their turn', async () => {
  const cache = createFiguresCache<string>({ ttlMs: 5000, concurrency: 2 })
  const gates = [gate('a'), gate('b'), gate('c')]
  const asks = gates.map((g, i) => cache.get(`k${i}`, 'v1', g.run))
  await new Promise((r) => setTimeout(r, 5))
  expect(gates.map((g) => g.runs())).toEqual([1, 1, 0])
  expect(cache.stats()).toMatchObject({ computing: 2, waiting: 1 })
  gates[0]!.open()
  await asks[0]
  await new Promise((r) => setTimeout(r, 5))
  expect(gates[2]!.runs()).toBe(1)
  gates[1]!.open()
  gates[2]!.open()
  expect(await Promise.all(asks)).toEqual(['a', 'b', 'c'])
})

test('the cache keeps at most maxEntries finished maps (least recently used go first)', async () => {
  const cache = createFiguresCache<string>({ ttlMs: 60_000, maxEntries: 2 })
  let runs = 0
  const compute = async () => `run${++runs}`
  await cache.get('a', 'v1', compute)
  await cache.get('b', 'v1', compute)
  await cache.get('a', 'v1', compute) // a is now the most recent
  await cache.get('c', 'v1', compute) // evicts b
  expect(cache.stats().entries).toBe(2)
  expect(await cache.get('a', 'v1', compute)).toBe('run1')
  expect(await cache.get('b', 'v1', compute)).toBe('run4')
})
