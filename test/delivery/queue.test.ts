import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { collector, event, freshStorage, sleep, start, stopAll, storedIds, until } from './support'
import { setDebug } from '../../src/log'
import type { TransportRequest } from '../../src/delivery/transport'

// Effects that land "a few ms later" are polled for, so a loaded CI machine cannot fail them.
const POLL = { timeout: 10_000, interval: 5 }

beforeEach(freshStorage)
afterEach(() => {
  stopAll()
  setDebug(false)
  vi.useRealTimers()
})

describe('durable queue', () => {
  test('track() returns at once; the events are in IndexedDB a few milliseconds later', async () => {
    const { IDBObjectStore } = await import('fake-indexeddb')
    const put = vi.spyOn(IDBObjectStore.prototype, 'put')
    const delivery = start({ transport: collector(() => 0).transport })
    const events = [event('a'), event('b'), event('c')]
    for (const e of events) delivery.enqueue(e)
    expect(put).not.toHaveBeenCalled() // the write is left for after the call (coalesced on a timer)
    await expect.poll(storedIds, POLL).toEqual(events.map((e) => e.id))
  })

  test('events the collector has not acknowledged survive a reload and are delivered, in order, by the next page', async () => {
    const down = collector(() => 503)
    const first = start({ transport: down.transport })
    const events = [event('a'), event('b'), event('c')]
    for (const e of events) first.enqueue(e)
    await first.flush()
    expect(down.requests).toHaveLength(1)
    expect(await storedIds()).toEqual(events.map((e) => e.id)) // nothing deleted before a 2xx
    first.stop()

    const up = collector()
    const next = start({ transport: up.transport })
    await next.flush()
    expect(up.delivered()).toEqual(events.map((e) => e.id))
    expect(await storedIds()).toEqual([])
  })

  test('a delivered event is deleted and never sent again', async () => {
    const sink = collector()
    const delivery = start({ transport: sink.transport })
    const e = event()
    delivery.enqueue(e)
    await delivery.flush()
    await delivery.flush()
    expect(sink.delivered()).toEqual([e.id])
    expect(await storedIds()).toEqual([])
  })

  test('batches follow batchSize, oldest first', async () => {
    const sink = collector()
    const delivery = start({ transport: sink.transport, batchSize: 2 })
    const events = [1, 2, 3, 4, 5].map((i) => event(`e${i}`))
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    expect(sink.requests.map((r) => r.ids.length)).toEqual([2, 2, 1])
    expect(sink.delivered()).toEqual(events.map((e) => e.id))
  })

  test('reaching batchSize sends without waiting for the interval', async () => {
    const sink = collector()
    const delivery = start({ transport: sink.transport, batchSize: 3 })
    for (let i = 0; i < 3; i++) delivery.enqueue(event())
    // Well before the first flush after load (1 s), so only reaching batchSize can have sent them.
    await until(() => sink.delivered().length === 3, 500)
  })

  test('an event IndexedDB cannot store (a function a hook added) does not hold back the events written with it', async () => {
    const down = collector(() => 0)
    const first = start({ transport: down.transport })
    const events = [event('a'), event('odd', { properties: { callback: () => 1 } as never }), event('c')]
    for (const e of events) first.enqueue(e)
    // Stored as it goes on the wire: as JSON, where a function is left out.
    await expect.poll(storedIds, POLL).toEqual(events.map((e) => e.id))
    first.stop()

    const up = collector()
    const next = start({ transport: up.transport })
    await next.flush()
    expect(up.delivered()).toEqual(events.map((e) => e.id))
    expect(JSON.parse(up.requests[0]!.request.body).events[1].properties).toEqual({})
  })
})

describe('caps', () => {
  test('beyond maxQueueSize the oldest events are dropped, and debug mode counts them', async () => {
    setDebug(true)
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    let status = 503
    const sink = collector(() => status)
    const delivery = start({ transport: sink.transport, maxQueueSize: 3 })
    const events = [1, 2, 3, 4, 5].map((i) => event(`e${i}`))
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    status = 200
    await delivery.flush()
    expect(sink.delivered()).toEqual(events.slice(2).map((e) => e.id))
    expect(log.mock.calls.map((c) => c.join(' ')).join('\n')).toContain('dropped 2 queued events over maxQueueSize or maxEventAge (2 in total)')
  })

  test('events older than maxEventAge are dropped instead of sent', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const sink = collector()
    const delivery = start({ transport: sink.transport, maxEventAge: 60_000 })
    const old = event('old')
    delivery.enqueue(old)
    await expect.poll(storedIds, POLL).toEqual([old.id])
    vi.setSystemTime(Date.now() + 61_000)
    const fresh = event('fresh')
    delivery.enqueue(fresh)
    await delivery.flush()
    expect(sink.delivered()).toEqual([fresh.id])
    expect(await storedIds()).toEqual([])
  })

  test('an event over 32 KB is rejected with a warning and the queue keeps flowing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const sink = collector()
    const delivery = start({ transport: sink.transport })
    const small = event('small')
    delivery.enqueue(event('huge', { properties: { blob: 'x'.repeat(33 * 1024) } }))
    delivery.enqueue(small)
    await delivery.flush()
    expect(sink.delivered()).toEqual([small.id])
    expect(warn.mock.calls[0]!.join(' ')).toMatch(/event "huge" dropped: \d+ bytes is over the 32768-byte limit/)
  })
})

describe('collector answers', () => {
  test('413 halves the batch until the collector accepts it; every event arrives once, in order', async () => {
    const sink = collector(({ ids }) => (ids.length > 2 ? 413 : 200))
    const delivery = start({ transport: sink.transport, batchSize: 8 })
    const events = Array.from({ length: 8 }, (_, i) => event(`e${i}`))
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    expect(sink.requests.map((r) => [r.ids.length, r.status])).toEqual([[8, 413], [4, 413], [2, 200], [2, 200], [2, 200], [2, 200]])
    expect(sink.delivered()).toEqual(events.map((e) => e.id))
  })

  test('once the refused event is found and dropped, the rest of a backlog goes in whole batches again', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const events = Array.from({ length: 200 }, (_, i) => event(`e${i}`))
    const bad = events[0]!.id
    const sink = collector(({ ids }) => (ids.includes(bad) ? 400 : 200))
    const delivery = start({ transport: sink.transport, batchSize: 20, maxQueueSize: 1000 })
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    expect(sink.delivered()).toEqual(events.slice(1).map((e) => e.id))
    // 20 → 10 → 5 → 3 → 2 → 1 refused to find it, then batches doubling back to 20, not one event per request.
    expect(sink.requests.map((r) => r.ids.length)).toEqual([20, 10, 5, 3, 2, 1, 1, 2, 4, 8, 16, ...Array(8).fill(20), 8])
  })

  test('a collector refusing every event with 400 gets about one request per event, not a halving run for each', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const sink = collector(() => 400)
    const delivery = start({ transport: sink.transport, batchSize: 20, maxQueueSize: 1000 })
    for (let i = 0; i < 100; i++) delivery.enqueue(event(`e${i}`))
    await delivery.flush()
    expect(await storedIds()).toEqual([])
    expect(sink.requests.length).toBeLessThan(110)
  })

  test('a single event refused with 413 is dropped with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const sink = collector(() => 413)
    const delivery = start({ transport: sink.transport })
    delivery.enqueue(event())
    await delivery.flush()
    expect(await storedIds()).toEqual([])
    expect(warn.mock.calls[0]!.join(' ')).toMatch(/refused 1 event(\(s\))? with HTTP 413/)
  })

  test('a 400 costs only the event the collector refuses: halving finds it, its neighbours are delivered once, in order', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const events = Array.from({ length: 8 }, (_, i) => event(`e${i}`))
    const bad = events[5]!.id
    const sink = collector(({ ids }) => (ids.includes(bad) ? 400 : 200))
    const delivery = start({ transport: sink.transport, batchSize: 8 })
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    expect(sink.delivered()).toEqual(events.filter((e) => e.id !== bad).map((e) => e.id))
    expect(sink.requests.filter((r) => r.status === 400).at(-1)!.ids).toEqual([bad])
    expect(await storedIds()).toEqual([])
    expect(warn.mock.calls.map((c) => c.join(' '))).toEqual([expect.stringMatching(/refused 1 event(\(s\))? with HTTP 400/)])
  })

  test('other 4xx drop that batch with a warning and the next batches still go', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const sink = collector((_, index) => (index === 0 ? 422 : 200))
    const delivery = start({ transport: sink.transport, batchSize: 2 })
    const events = [1, 2, 3, 4].map((i) => event(`e${i}`))
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    expect(sink.delivered()).toEqual(events.slice(2).map((e) => e.id))
    expect(await storedIds()).toEqual([])
    expect(sink.requests.map((r) => r.status)).toEqual([422, 200])
    expect(warn.mock.calls[0]!.join(' ')).toMatch(/refused 2 event(\(s\)|s) with HTTP 422/)
  })

  test('after a network error it retries on its own with backoff, without another flush()', async () => {
    const sink = collector((_, index) => (index < 2 ? 0 : 200))
    const delivery = start({ transport: sink.transport, retry: { delay: 20 } })
    const e = event()
    delivery.enqueue(e)
    await delivery.flush()
    await until(() => sink.delivered().length === 1)
    expect(sink.requests.map((r) => r.status)).toEqual([0, 0, 200])
  })

  test('429 with Retry-After: nothing is sent until the collector said, then it is delivered', async () => {
    const sink = collector((_, index) => (index === 0 ? { status: 429, retryAfter: '1' } : 200))
    const delivery = start({ transport: sink.transport, batchSize: 1, retry: { delay: 1 } })
    delivery.enqueue(event()) // batchSize reached: sent at once
    await until(() => sink.requests.length === 1)
    delivery.enqueue(event()) // batchSize reached again, but the collector asked for a pause
    await sleep(300)
    expect(sink.requests).toHaveLength(1)
    await until(() => sink.delivered().length === 2)
    expect(sink.requests[1]!.at - sink.requests[0]!.at).toBeGreaterThanOrEqual(990)
  })

  test('the browser coming back online does not end a wait the collector asked for (Retry-After)', async () => {
    const sink = collector((_, index) => (index === 0 ? { status: 429, retryAfter: '60' } : 200))
    const delivery = start({ transport: sink.transport, batchSize: 1 })
    delivery.enqueue(event())
    await until(() => sink.requests.length === 1)
    window.dispatchEvent(new Event('online')) // a network change inside the 60 s the collector asked for
    await sleep(200)
    expect(sink.requests).toHaveLength(1)
    expect(sessionStorage.getItem('journeytag:retryAt')).not.toBeNull() // still kept for the tab's next pages
    await delivery.flush() // flush() still sends
    expect(sink.delivered()).toHaveLength(1)
  })

  test('the browser coming back online ends a backoff of our own at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99) // a backoff of about 59 s
    const sink = collector((_, index) => (index === 0 ? 0 : 200))
    const delivery = start({ transport: sink.transport, batchSize: 1, retry: { delay: 60_000 } })
    delivery.enqueue(event())
    await until(() => sink.requests.length === 1)
    window.dispatchEvent(new Event('online'))
    await until(() => sink.delivered().length === 1, 2_000)
  })

  test('once flush() got a 2xx during a backoff, the next batch goes at once, not when the backoff would have ended', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99) // a backoff of about 59 s
    const sink = collector((_, index) => (index === 0 ? 0 : 200))
    const delivery = start({ transport: sink.transport, batchSize: 1, retry: { delay: 60_000 } })
    delivery.enqueue(event())
    await until(() => sink.requests.length === 1) // a network error
    await delivery.flush() // the collector answers again
    expect(sink.delivered()).toHaveLength(1)
    delivery.enqueue(event()) // batchSize reached: sent at once
    await until(() => sink.delivered().length === 2, 2_000)
  })

  test('the retry comes when its timer fires, even when the clock lags the timer (a timer may fire a little early)', async () => {
    const sink = collector((_, index) => (index === 0 ? { status: 429, retryAfter: '1' } : 200))
    const delivery = start({ transport: sink.transport, batchSize: 1, flushInterval: 60_000 })
    delivery.enqueue(event())
    await until(() => sink.requests.length === 1)
    const now = Date.now.bind(Date)
    vi.spyOn(Date, 'now').mockImplementation(() => now() - 50) // the wall clock now reads 50 ms behind the timers
    await until(() => sink.delivered().length === 1, 4_000)
    expect(sink.requests).toHaveLength(2)
  })

  test('limit counts retries after the first attempt: limit 2 means 3 attempts, then it stops on a timer; flush() still tries', async () => {
    const sink = collector(() => 0)
    const delivery = start({ transport: sink.transport, retry: { limit: 2, delay: 1 } })
    delivery.enqueue(event())
    await delivery.flush()
    await until(() => sink.requests.length >= 3)
    await sleep(200) // time for a fourth attempt, which must not come on a timer
    expect(sink.requests).toHaveLength(3)
    await delivery.flush()
    expect(sink.requests).toHaveLength(4)
  })

  test('an event tracked after an idle spell is sent within flushInterval, though an idle page only wakes once a minute', async () => {
    const sink = collector()
    const delivery = start({ transport: sink.transport, flushInterval: 100 })
    await sleep(400) // the first cycle after load found nothing: the next one is the minute's sweep
    delivery.enqueue(event())
    const queuedAt = Date.now()
    await until(() => sink.requests.length === 1, 3_000)
    expect(Date.now() - queuedAt).toBeLessThan(1_000)
  })

  test('retry: { limit: 0 } still sends on the timer once, and never retries', async () => {
    const sink = collector(() => 0)
    const delivery = start({ transport: sink.transport, retry: { limit: 0, delay: 1 }, flushInterval: 20 })
    delivery.enqueue(event())
    await until(() => sink.requests.length === 1)
    await sleep(150)
    expect(sink.requests).toHaveLength(1)
  })

  test('while backing off, the interval does not read the stored queue; flush() still does', async () => {
    const { IDBObjectStore } = await import('fake-indexeddb')
    const sink = collector(() => ({ status: 503, retryAfter: '60' }))
    const delivery = start({ transport: sink.transport, flushInterval: 20 })
    delivery.enqueue(event())
    await delivery.flush()
    expect(sink.requests).toHaveLength(1)
    // idb-keyval reads a whole store with getAll(), or a cursor where getAll is missing.
    const reads = [vi.spyOn(IDBObjectStore.prototype, 'getAll'), vi.spyOn(IDBObjectStore.prototype, 'openCursor')]
    await sleep(200) // about ten intervals, all inside the 60 s the collector asked for
    expect(reads.map((spy) => spy.mock.calls.length)).toEqual([0, 0])
    expect(sink.requests).toHaveLength(1)
    await delivery.flush()
    expect(reads[0]!.mock.calls.length + reads[1]!.mock.calls.length).toBeGreaterThan(0)
    expect(sink.requests).toHaveLength(2)
  })

  test('while backing off, a tab that keeps tracking still holds the queue to maxQueueSize', async () => {
    const sink = collector(() => ({ status: 503, retryAfter: '60' }))
    const delivery = start({ transport: sink.transport, flushInterval: 20, maxQueueSize: 3 })
    delivery.enqueue(event())
    await delivery.flush()
    const later = [1, 2, 3, 4].map((i) => event(`e${i}`))
    for (const e of later) delivery.enqueue(e)
    await sleep(200) // about ten intervals, all inside the 60 s the collector asked for
    expect(await storedIds()).toEqual(later.slice(1).map((e) => e.id))
    expect(sink.requests).toHaveLength(1)
  })

  test('a collector that never answers times out after 30 s: flush() resolves, the events stay queued and are retried', async () => {
    // setImmediate is not faked: fake-indexeddb runs on it, and `settle` uses it to let IndexedDB finish.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.spyOn(Math, 'random').mockReturnValue(0.5) // the retry comes 5 s after the timeout
    const settle = async () => { for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r)) }
    const requests: TransportRequest[] = []
    const transport = (request: TransportRequest) => {
      requests.push(request)
      return requests.length === 1 ? new Promise<never>(() => {}) : Promise.resolve({ status: 200 })
    }
    const delivery = start({ transport, retry: { delay: 10_000 } })
    const e = event()
    delivery.enqueue(e)
    let flushed = false
    void delivery.flush().then(() => (flushed = true))
    await vi.advanceTimersByTimeAsync(5)
    await settle()
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(29_000)
    expect(flushed).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(flushed).toBe(true)
    expect(requests[0]!.signal!.aborted).toBe(true) // the default transport's fetch is aborted with it
    expect(await storedIds()).toEqual([e.id])
    await vi.advanceTimersByTimeAsync(4_900)
    expect(requests).toHaveLength(1)
    for (let i = 0; i < 10 && requests.length < 2; i++) await vi.advanceTimersByTimeAsync(50).then(settle)
    await settle()
    expect(requests).toHaveLength(2)
    expect(await storedIds()).toEqual([])
  })

  test('a transport that throws counts as a network error: nothing is lost, nothing thrown', async () => {
    const delivery = start({ transport: () => { throw new Error('boom') } })
    const e = event()
    delivery.enqueue(e)
    await expect(delivery.flush()).resolves.toBeUndefined()
    expect(await storedIds()).toEqual([e.id])
  })
})

describe('storage fallback', () => {
  test('where IndexedDB cannot be opened, events are kept in memory and still delivered', async () => {
    vi.stubGlobal('indexedDB', { open() { throw new DOMException('denied', 'SecurityError') } })
    try {
      const sink = collector()
      const delivery = start({ transport: sink.transport })
      const events = [event('a'), event('b')]
      expect(() => events.forEach((e) => delivery.enqueue(e))).not.toThrow()
      await delivery.flush()
      expect(sink.delivered()).toEqual(events.map((e) => e.id))
    } finally {
      vi.unstubAllGlobals()
    }
  })

  test('on QuotaExceededError events stay in memory, and move into IndexedDB once it works again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { IDBObjectStore } = await import('fake-indexeddb')
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    let status = 0
    const sink = collector(() => status)
    const delivery = start({ transport: sink.transport })
    const events = [event('a'), event('b')]
    for (const e of events) delivery.enqueue(e)
    await delivery.flush()
    expect(sink.requests[0]!.ids).toEqual(events.map((e) => e.id)) // sent from memory
    put.mockRestore()
    vi.setSystemTime(Date.now() + 11_000) // storage is tried again after a rest
    await delivery.flush()
    expect(await storedIds()).toEqual(events.map((e) => e.id))
    status = 200
    await delivery.flush()
    expect(sink.delivered()).toEqual(events.map((e) => e.id))
    expect(await storedIds()).toEqual([])
  })
})
