import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { freshStorage, storedIds } from './support'
import { connectHost } from '../../src/delivery/storage-worker'
import { openStorage } from '../../src/delivery/storage'

beforeEach(freshStorage)
afterEach(() => vi.unstubAllGlobals())

/** A Worker that takes messages and never answers, until the test makes it fail (as Firefox reports a CSP refusal). */
class FailingWorker {
  static last: FailingWorker
  posted: unknown[] = []
  onerror?: (e: { preventDefault(): void }) => void
  onmessage?: unknown
  terminated = false
  constructor() {
    FailingWorker.last = this
  }
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  terminate() {
    this.terminated = true
  }
}

test('calls sent to a worker that then fails are run on the main thread: nothing asked of it is lost', async () => {
  vi.stubGlobal('Worker', FailingWorker)
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x')
  const storage = openStorage(100, true, true)
  const record = { id: 'e1', j: '{"id":"e1"}', t: Date.now(), s: 1, n: 11 }
  const added = storage.add([record])
  await new Promise((r) => setTimeout(r, 20))
  expect(FailingWorker.last.posted.length).toBe(2) // the warm open and the put, both unanswered
  const prevented = vi.fn()
  FailingWorker.last.onerror!({ preventDefault: prevented })
  expect(await added).toBe(true)
  expect(await storedIds()).toEqual(['e1'])
  expect(prevented).toHaveBeenCalled() // the worker's error never reaches the page's window.onerror
  expect(FailingWorker.last.terminated).toBe(true)
})

test('where a worker cannot be constructed (Chromium under a CSP that refuses it), the host runs on the main thread at once', async () => {
  vi.stubGlobal('Worker', function () {
    throw new DOMException('denied by the Content Security Policy', 'SecurityError')
  })
  const host = connectHost(true)
  await host.call('put', [['k', [{ id: 'e2' }]]])
  expect(await host.call('all')).toEqual([['k'], [[{ id: 'e2' }]]])
})

test('a worker that never answers: the call times out, events wait in memory, and storage moves to the main thread for good', async () => {
  vi.stubGlobal('Worker', FailingWorker)
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x')
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  try {
    const storage = openStorage(100, false, true)
    const record = (id: string, s: number) => ({ id, j: `{"id":"${id}"}`, t: Date.now(), s, n: 11 })
    const first = storage.add([record('e1', 1)])
    await vi.advanceTimersByTimeAsync(3_000) // the storage timeout
    expect(await first).toBe(false) // kept in memory
    expect(FailingWorker.last.terminated).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000) // storage rests after a failure
    vi.useRealTimers()
    expect((await storage.all()).map((r) => r.id)).toEqual(['e1']) // from memory, now written on the main thread
    expect(await storedIds()).toEqual(['e1'])
  } finally {
    vi.useRealTimers()
  }
})
