/**
 * track() takes a snapshot and returns; the event is built shortly after. What the
 * page does after the call (mutating the properties, navigating) must not change it,
 * and a burst of calls costs IndexedDB one write.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { IDBDatabase, IDBObjectStore } from 'fake-indexeddb'
import { flush, init, shutdown, track } from '../src/tracker'
import { captureTransport } from './support/capture-transport'
import { freshStorage, storedValues } from './delivery/support'

const POLL = { timeout: 10_000, interval: 5 }
let sink: ReturnType<typeof captureTransport>

beforeEach(() => {
  freshStorage()
  sessionStorage.clear()
  history.replaceState(null, '', '/')
  document.title = 'Home'
  sink = captureTransport()
})
afterEach(() => shutdown())

const start = (options: Record<string, unknown> = {}) => init({ transport: sink.transport, autoPageviews: false, ...options })

test('properties changed after track() returns do not leak into the event', async () => {
  start()
  const properties = { plan: 'team', seats: 5, items: ['a'], nested: { coupon: 'SPRING' } }
  track('plan_selected', properties)
  properties.plan = 'changed'
  properties.items.push('b')
  properties.nested.coupon = 'LEAKED'
  await flush()
  expect(sink.events().map((e) => e.properties)).toEqual([{ plan: 'team', seats: 5, items: ['a'], nested: { coupon: 'SPRING' } }])
})

test('a navigation right after track() does not change the page the event was recorded on', async () => {
  history.replaceState(null, '', '/pricing?plan=team')
  document.title = 'Pricing'
  start()
  track('cta_clicked')
  // A router navigating in the same click handler, before the event is built.
  history.pushState(null, '', '/signup')
  document.title = 'Sign up'
  await flush()
  expect(sink.events().map((e) => e.page)).toEqual([expect.objectContaining({ path: '/pricing', title: 'Pricing', url: `${location.origin}/pricing?plan=team` })])
})

test('touchpoints tracked in one task cost IndexedDB one write per batch, not one per event', async () => {
  const put = vi.spyOn(IDBObjectStore.prototype, 'put')
  start({ transport: captureTransport(503).transport, batchSize: 20 }) // nothing delivered, so nothing rewrites a chunk
  for (let i = 0; i < 10; i++) track(`step_${i}`)
  await expect.poll(async () => (await storedValues()).length, POLL).toBe(1)
  expect(put).toHaveBeenCalledTimes(1) // a burst smaller than a batch: one write, one chunk

  for (let i = 10; i < 60; i++) track(`step_${i}`)
  const stored = async () => (await storedValues()).flatMap((chunk) => (Array.isArray(chunk) ? chunk : []))
  await expect.poll(async () => (await stored()).length, POLL).toBe(60)
  expect(put.mock.calls.length).toBeLessThanOrEqual(1 + Math.ceil(50 / 20))
  const types = (await stored()).sort((a, b) => a.t - b.t || a.s - b.s).map((r) => JSON.parse(r.j).type)
  expect(types).toEqual(Array.from({ length: 60 }, (_, i) => `step_${i}`))
})

test('the event is built in the task that tracked it, not a later one: a tab that dies right after the call has it already', async () => {
  const seen: string[] = []
  start({ beforeSend: (event: { type: string }) => (seen.push(event.type), event) })
  await flush() // the rules are in place
  let nextTask = false
  setTimeout(() => (nextTask = true), 0)
  track('checkout_started')
  await Promise.resolve()
  // Built in a microtask of this task: before any timer or other task can run.
  expect([seen, nextTask]).toEqual([['checkout_started'], false])
})

test('a burst bigger than a batch, tracked in one task, is one IndexedDB transaction however many chunks it makes', async () => {
  start({ transport: captureTransport(503).transport, batchSize: 20 })
  await flush()
  const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
  for (let i = 0; i < 70; i++) track(`step_${i}`)
  const stored = async () => (await storedValues()).flatMap((chunk) => (Array.isArray(chunk) ? chunk : []))
  await expect.poll(async () => (await stored()).length, POLL).toBe(70)
  const writes = transaction.mock.calls.filter(([, mode]) => mode == 'readwrite')
  expect([writes.length, (await storedValues()).length]).toEqual([1, 4]) // 20 + 20 + 20 + 10
})
