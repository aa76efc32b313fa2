import { describe, expect, test } from 'vitest'
import { applyCaps, byAge, byteLength, take, type Queued } from '../../src/delivery/batch'

const rec = (i: number, t: number, n = 100): Queued => ({ id: `id-${i}`, j: `{"id":"id-${i}"}`, t, s: i, n })

describe('queue caps', () => {
  const now = 1_000_000
  test('events older than maxEventAge are dropped', () => {
    const { keep, drop } = applyCaps([rec(1, now - 5_000), rec(2, now - 1_000), rec(3, now)], 10, 2_000, now)
    expect(keep.map((r) => r.id)).toEqual(['id-2', 'id-3'])
    expect(drop.map((r) => r.id)).toEqual(['id-1'])
  })

  test('beyond maxQueueSize the oldest are dropped and the newest kept', () => {
    const all = [1, 2, 3, 4, 5].map((i) => rec(i, now - 10 + i))
    const { keep, drop } = applyCaps(all, 3, 60_000, now)
    expect(keep.map((r) => r.id)).toEqual(['id-3', 'id-4', 'id-5'])
    expect(drop.map((r) => r.id)).toEqual(['id-1', 'id-2'])
  })
})

describe('batches', () => {
  test('take at most batchSize events, oldest first', () => {
    const all = [3, 1, 2].map((i) => rec(i, 100, 10)).sort(byAge)
    expect(take(all, 2, 500_000).map((r) => r.id)).toEqual(['id-1', 'id-2'])
  })

  test('events queued in the same millisecond keep their order', () => {
    expect([rec(2, 5), rec(1, 5), rec(3, 4)].sort(byAge).map((r) => r.s)).toEqual([3, 1, 2])
  })

  test('stay under the byte limit, but always carry at least one event', () => {
    const all = [1, 2, 3, 4].map((i) => rec(i, i, 25_000))
    expect(take(all, 100, 64 * 1024)).toHaveLength(2)
    expect(take([rec(1, 1, 40_000)], 100, 10_000)).toHaveLength(1)
    expect(take([], 100, 10_000)).toEqual([])
  })

  test('sizes are counted in UTF-8 bytes, as they travel', () => {
    expect(byteLength('abc')).toBe(3)
    expect(byteLength('é€')).toBe(5)
  })
})
