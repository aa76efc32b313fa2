/**
 * IndexedDB writes started while a page unloads often never finish, so what has not
 * reached IndexedDB when the page is hidden is also kept, synchronously, in
 * localStorage; the next page moves it into the queue and delivers it.
 */
import { afterEach, beforeEach, expect, test } from 'vitest'
import { IDBFactory } from 'fake-indexeddb'
import { consent, flush, init, shutdown, track } from '../../src/tracker'
import { captureTransport } from '../support/capture-transport'
import { freshStorage, sleep, storedIds } from './support'

const POLL = { timeout: 10_000, interval: 5 }
const unsentKeys = () => Object.keys(localStorage).filter((key) => key.startsWith('journeytag:unsent:'))
const typesIn = (entry: string) => (JSON.parse(entry) as { j: string }[]).map((record) => JSON.parse(record.j).type)

beforeEach(() => {
  freshStorage()
  history.replaceState(null, '', '/')
})
afterEach(() => shutdown())

test('touchpoints tracked just before an offline page is left are kept in localStorage, and the next page delivers them', async () => {
  init({ transport: captureTransport(0).transport, autoPageviews: false }) // offline: every request fails
  track('add_to_cart')
  track('checkout_started')
  track('link_clicked') // and the link navigates at once
  window.dispatchEvent(new Event('pagehide'))

  // Synchronously, in the page-hide handler: no IndexedDB write could have finished yet.
  const left = Object.fromEntries(unsentKeys().map((key) => [key, localStorage.getItem(key)!]))
  expect(Object.values(left).flatMap(typesIn)).toEqual(['add_to_cart', 'checkout_started', 'link_clicked'])

  // The page dies: its IndexedDB write never lands, and its localStorage entry stays as it was at page hide.
  globalThis.indexedDB = new IDBFactory()
  shutdown()
  await sleep(20) // lets the dead page's own callbacks run (a real unload would never run them), then undoes them
  for (const key of unsentKeys()) localStorage.removeItem(key)
  for (const [key, value] of Object.entries(left)) localStorage.setItem(key, value)

  const up = captureTransport()
  init({ transport: up.transport, autoPageviews: false })
  await flush()
  expect(up.events().map((e) => e.type)).toEqual(['add_to_cart', 'checkout_started', 'link_clicked'])
  await expect.poll(unsentKeys, POLL).toEqual([]) // moved into the queue, so not delivered a third time
  expect(await storedIds()).toEqual([])
})

test('where IndexedDB always fails, a copy left by an earlier page is delivered once and its key removed, not re-sent by every later page', async () => {
  const broken = { open: () => { throw new DOMException('The operation failed for reasons unrelated to the database itself', 'UnknownError') } }
  globalThis.indexedDB = broken as unknown as IDBFactory
  // Page 1, offline: its event stays in localStorage only.
  init({ transport: captureTransport(0).transport, autoPageviews: false, storageWorker: false })
  track('page1_event')
  await sleep(0)
  window.dispatchEvent(new Event('pagehide'))
  shutdown()
  const sent: string[] = []
  // Pages 2 and 3, online.
  for (const n of [2, 3]) {
    const up = captureTransport()
    init({ transport: up.transport, autoPageviews: false, storageWorker: false })
    track(`page${n}_event`)
    await sleep(0)
    await flush()
    sent.push(...up.events().map((e) => e.type))
    window.dispatchEvent(new Event('pagehide'))
    shutdown()
  }
  expect(sent.filter((type) => type == 'page1_event')).toHaveLength(1)
  expect(unsentKeys()).toEqual([])
})

test("an event whose IndexedDB write landed after all, and whose copy the next page moved into the queue too, is deleted once delivered: a later page does not send it again", async () => {
  // Page 1, offline: the link navigates at once; its IndexedDB write lands, but the page dies before hearing so.
  init({ transport: captureTransport(0).transport, autoPageviews: false })
  track('link_clicked')
  window.dispatchEvent(new Event('pagehide'))
  const left = Object.fromEntries(unsentKeys().map((key) => [key, localStorage.getItem(key)!]))
  shutdown()
  await expect.poll(storedIds, POLL).toHaveLength(1)
  for (const [key, value] of Object.entries(left)) localStorage.setItem(key, value)

  // Page 2, online: the event is stored twice now (page 1's write, and its copy); it is delivered.
  const second = captureTransport()
  init({ transport: second.transport, autoPageviews: false })
  await flush()
  expect(second.events().map((e) => e.type)).toEqual(['link_clicked'])
  shutdown()
  await sleep(20)
  expect(await storedIds()).toEqual([])

  // Page 3 has nothing left to send.
  const third = captureTransport()
  init({ transport: third.transport, autoPageviews: false })
  await flush()
  expect(third.events()).toEqual([])
})

test('a copy left by a page whose visitor then opted out is not sent by the next page while tracking is not allowed, nor is the rest of the queue', async () => {
  // Page 1, offline: an event, then the visitor rejects tracking and leaves at once.
  init({ transport: captureTransport(0).transport, autoPageviews: false })
  track('before_opt_out')
  consent(false)
  window.dispatchEvent(new Event('pagehide'))
  const left = Object.fromEntries(unsentKeys().map((key) => [key, localStorage.getItem(key)!]))
  expect(Object.values(left).flatMap(typesIn)).toEqual(['before_opt_out'])
  shutdown()
  await sleep(20)
  for (const [key, value] of Object.entries(left)) localStorage.setItem(key, value)

  // Page 2, online, still opted out: what earlier pages queued waits until tracking is allowed again.
  const up = captureTransport()
  init({ transport: up.transport, autoPageviews: false })
  await flush()
  await sleep(50)
  expect(up.events()).toEqual([])
  shutdown()

  // Page 3: the visitor allows tracking again, and the event is delivered.
  const later = captureTransport()
  init({ transport: later.transport, autoPageviews: false })
  consent(true)
  await flush()
  expect(later.events().map((e) => e.type)).toEqual(['before_opt_out'])
})

test('copies another script damaged under journeytag:unsent:* are dropped without an error, and the good ones are still delivered', async () => {
  const rejections: unknown[] = []
  const onRejection = (reason: unknown) => rejections.push(reason)
  process.on('unhandledRejection', onRejection)
  try {
    // A good copy, left by a page that died before its IndexedDB write landed.
    init({ transport: captureTransport(0).transport, autoPageviews: false })
    track('kept_in_copy')
    window.dispatchEvent(new Event('pagehide'))
    const [good] = unsentKeys().map((key) => localStorage.getItem(key)!)
    globalThis.indexedDB = new IDBFactory()
    shutdown()
    await sleep(20)
    for (const key of unsentKeys()) localStorage.removeItem(key)
    // Damaged ones first: the page reads the keys in this order.
    for (const [i, value] of ['not json', 'null', '{}', '[null, 5]'].entries()) localStorage.setItem(`journeytag:unsent:damaged-${i}`, value)
    localStorage.setItem('journeytag:unsent:good', good!)

    const up = captureTransport()
    init({ transport: up.transport, autoPageviews: false })
    await flush()
    expect(up.events().map((e) => e.type)).toEqual(['kept_in_copy'])
    await expect.poll(unsentKeys, POLL).toEqual([])
    await sleep(20)
    expect(rejections).toEqual([])
  } finally {
    process.off('unhandledRejection', onRejection)
  }
})
