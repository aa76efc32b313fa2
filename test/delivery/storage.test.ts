import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { event, freshStorage } from './support'
import { openStorage } from '../../src/delivery/storage'

beforeEach(freshStorage)
afterEach(() => vi.useRealTimers())

test('an IndexedDB call that settles leaves no timer behind', async () => {
  // Only timers are faked: fake-indexeddb schedules its work with setImmediate, which keeps running.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const storage = openStorage(100)
  const e = event()
  await storage.add([{ e, t: Date.now(), s: 1, n: 10 }])
  expect((await storage.all()).map((r) => r.e.id)).toEqual([e.id])
  await storage.remove([e.id])
  expect(vi.getTimerCount()).toBe(0)
})
