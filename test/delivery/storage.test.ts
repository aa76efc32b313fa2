import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createStore, set } from 'idb-keyval'
import { collector, event, freshStorage, start, stopAll, storedIds } from './support'
import { openStorage } from '../../src/delivery/storage'

beforeEach(freshStorage)
afterEach(() => {
  stopAll()
  vi.useRealTimers()
})

test('an IndexedDB call that settles leaves no timer behind', async () => {
  // Only timers are faked: fake-indexeddb schedules its work with setImmediate, which keeps running.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const storage = openStorage(100, true)
  const e = event()
  await storage.add([{ id: e.id, j: JSON.stringify(e), t: Date.now(), s: 1, n: 10 }])
  expect((await storage.all()).map((r) => r.id)).toEqual([e.id])
  await storage.remove([e.id])
  expect(vi.getTimerCount()).toBe(0)
})

test('events queued by the previous version (one record per key) are still delivered, in order, and then deleted', async () => {
  const legacy = createStore('journeytag', 'events')
  const old = [event('old_a'), event('old_b')]
  await set(old[0]!.id, { e: old[0], t: Date.now() - 60_000, s: 1, n: 300 }, legacy)
  await set(old[1]!.id, { e: old[1], t: Date.now() - 60_000, s: 2, n: 300 }, legacy)
  const sink = collector()
  const delivery = start({ transport: sink.transport })
  const fresh = event('new')
  delivery.enqueue(fresh)
  await delivery.flush()
  expect(sink.delivered()).toEqual([...old, fresh].map((e) => e.id))
  expect(JSON.parse(sink.requests[0]!.request.body).events.slice(0, 2)).toEqual(old)
  expect(await storedIds()).toEqual([])
})

test('a value another script left in the events store stops no delivery: the events around it are still delivered', async () => {
  const store = createStore('journeytag', 'events')
  const old = event('old')
  await set('0.junk', 'not a record', store)
  await set('1.damaged', [null, 5, { id: old.id, j: JSON.stringify(old), t: Date.now() - 1_000, s: 1, n: 300 }], store)
  const sink = collector()
  const delivery = start({ transport: sink.transport })
  const fresh = event('fresh')
  delivery.enqueue(fresh)
  await delivery.flush()
  expect(sink.delivered()).toEqual([old.id, fresh.id])
})
