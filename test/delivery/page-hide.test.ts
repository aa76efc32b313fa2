import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { TransportRequest } from '../../src/delivery/transport'
import { segment } from '../../src/delivery/formats/segment'
import { collector, event, freshStorage, start, stopAll, storedIds, until } from './support'

const POLL = { timeout: 10_000, interval: 5 }

beforeEach(freshStorage)
afterEach(() => {
  stopAll()
  vi.restoreAllMocks()
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})

const pagehide = () => window.dispatchEvent(new Event('pagehide'))
function hidden() {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

test('on page hide the queued events leave at once, with keepalive, without waiting for the interval', async () => {
  const sink = collector()
  const delivery = start({ transport: sink.transport })
  const events = [event('a'), event('b'), event('c')]
  for (const e of events) delivery.enqueue(e)
  pagehide()
  await expect.poll(() => sink.requests, POLL).toMatchObject([{ keepalive: true, ids: events.map((e) => e.id) }])
})

test('switching away from the tab (visibility hidden) sends too; pagehide right after does not resend the same events', async () => {
  const sink = collector()
  const delivery = start({ transport: sink.transport })
  const e = event()
  delivery.enqueue(e)
  hidden()
  pagehide()
  await expect.poll(() => sink.requests.map((r) => r.ids), POLL).toEqual([[e.id]])
})

test('the page-hide request stays within 64 KB; what does not fit is delivered on the next visit', async () => {
  const sink = collector()
  const first = start({ transport: sink.transport })
  // About 21 KB each: two fit in the page-hide budget, three do not (and together they stay under the 64 KB that sends on its own).
  const events = [1, 2, 3].map((i) => event(`e${i}`, { properties: { filler: 'x'.repeat(20_600) } }))
  for (const e of events) first.enqueue(e)
  pagehide()
  await expect.poll(() => sink.requests, POLL).toHaveLength(1)
  expect(sink.requests[0]!.ids).toEqual(events.slice(0, 2).map((e) => e.id))
  expect(new TextEncoder().encode(sink.requests[0]!.request.body).length).toBeLessThanOrEqual(64 * 1024)
  // The page lives on until the answer (a tab switch): the two delivered are deleted, the third stays queued.
  await expect.poll(storedIds, POLL).toEqual([events[2]!.id])
  first.stop()

  const next = start({ transport: sink.transport })
  await next.flush()
  expect(sink.delivered()).toEqual(events.map((e) => e.id))
})

test('events confirmed during page hide are not sent again by the next flush', async () => {
  const sink = collector()
  const delivery = start({ transport: sink.transport })
  delivery.enqueue(event())
  pagehide()
  await expect.poll(() => sink.delivered().length, POLL).toBe(1)
  await delivery.flush()
  expect(sink.requests).toHaveLength(1)
  expect(await storedIds()).toEqual([])
})

test('events sent on page hide whose answer never came (the page died) are sent again on the next visit', async () => {
  const sink = collector()
  const e = event()
  const first = start({ transport: (request) => (request.keepalive ? new Promise(() => {}) : sink.transport(request)) })
  first.enqueue(e)
  pagehide()
  await first.flush() // still in flight: not sent a second time by this page
  expect(sink.requests).toHaveLength(0)
  first.stop()

  const next = start({ transport: sink.transport })
  await next.flush()
  expect(sink.delivered()).toEqual([e.id])
})

test("with format: segment the page-hide request stays within 64 KB too, though Segment messages are larger than the events", async () => {
  const sink = collector()
  const first = start({ transport: sink.transport, format: segment, batchSize: 1000 })
  // A backlog of ordinary page views, as a tab that was offline for a while holds (about 100 KB as Segment messages).
  const events = Array.from({ length: 200 }, (_, i) => event('page_view', { page: { url: `https://shop.example/p/${i}`, path: `/p/${i}`, title: `Product ${i}`, referrer: '' } }))
  for (const e of events) first.enqueue(e)
  pagehide()
  await expect.poll(() => sink.requests, POLL).toHaveLength(1)
  expect(sink.requests[0]!.keepalive).toBe(true)
  expect(new TextEncoder().encode(sink.requests[0]!.request.body).length).toBeLessThanOrEqual(64 * 1024)
  first.stop()
})

test('a page hide ends a send still in flight (for the back/forward cache): its events go with the page-hide send, and no backoff follows', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.99) // a failure counted now would hold the next send for about 59 s
  const requests: { ids: string[]; keepalive: boolean }[] = []
  let ended = 0
  // The collector answers page-hide sends at once and never answers the others (a slow collector).
  const transport = (request: TransportRequest) => {
    requests.push({ ids: JSON.parse(request.body).events.map((e: { id: string }) => e.id), keepalive: request.keepalive })
    if (request.keepalive) return Promise.resolve({ status: 200 })
    return new Promise<{ status: number }>((resolve) => request.signal!.addEventListener('abort', () => (ended++, resolve({ status: 0 }))))
  }
  const delivery = start({ transport, batchSize: 1, retry: { delay: 60_000 } })
  const first = event('first')
  delivery.enqueue(first)
  await until(() => requests.length == 1)
  pagehide()
  await expect.poll(() => requests.filter((r) => r.keepalive).map((r) => r.ids), POLL).toEqual([[first.id]])
  expect(ended).toBe(1)
  window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })) // Back: the page is shown again
  const second = event('second')
  delivery.enqueue(second)
  await expect.poll(() => requests.at(-1)?.ids, POLL).toEqual([second.id])
})

test('a backoff of our own (a network error, a 503 without Retry-After) does not stop the page-hide send', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.9) // a backoff of 4.5 s: the visitor leaves inside it
  const sink = collector((_, i) => (i === 0 ? 0 : i === 1 ? 503 : 200))
  const delivery = start({ transport: sink.transport, retry: { delay: 5_000 } })
  const first = event('first')
  delivery.enqueue(first)
  await delivery.flush() // a network error
  await delivery.flush() // a 503 without Retry-After
  expect(sessionStorage.getItem('journeytag:retryAt')).toBeNull() // nothing for the tab's next pages to honour
  pagehide()
  await expect.poll(() => sink.requests.filter((r) => r.keepalive).map((r) => r.ids), POLL).toEqual([[first.id]])
})

test('once the collector answered 2xx after a Retry-After, the next page of the tab sends on page hide again', async () => {
  const sink = collector((_, i) => (i === 0 ? { status: 503, retryAfter: '60' } : 200))
  const first = start({ transport: sink.transport })
  first.enqueue(event())
  await first.flush() // "come back in 60 s"
  expect(sessionStorage.getItem('journeytag:retryAt')).not.toBeNull()
  await first.flush() // flush() does not wait (a site flushing before a payment redirect): delivered
  first.stop()
  const next = start({ transport: sink.transport })
  const e = event()
  next.enqueue(e)
  pagehide()
  await expect.poll(() => sink.requests.filter((r) => r.keepalive).map((r) => r.ids), POLL).toEqual([[e.id]])
})

test('a page hide that ends a send in flight sends its events once: the visibilitychange that follows pagehide does not send them again', async () => {
  // Chromium and Firefox fire pagehide, then visibilitychange (hidden), when the visitor navigates away; microtasks run in between.
  const requests: { ids: string[]; keepalive: boolean }[] = []
  // A slow collector: regular sends get no answer until aborted, page-hide sends none while the page unloads.
  const transport = (request: TransportRequest) => {
    requests.push({ ids: JSON.parse(request.body).events.map((e: { id: string }) => e.id), keepalive: request.keepalive })
    return new Promise<{ status: number }>((resolve) => request.signal!.addEventListener('abort', () => resolve({ status: 0 })))
  }
  const delivery = start({ transport, batchSize: 1 })
  const first = event('first')
  delivery.enqueue(first)
  await until(() => requests.length == 1)
  pagehide()
  await new Promise((resolve) => setTimeout(resolve, 0))
  hidden()
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(requests.filter((r) => r.keepalive).map((r) => r.ids)).toEqual([[first.id]])
})
