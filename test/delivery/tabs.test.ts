import { afterEach, beforeEach, expect, test } from 'vitest'
import { collector, event, freshStorage, start, stopAll, storedIds } from './support'

beforeEach(freshStorage)
afterEach(stopAll)

async function twoTabsFlushingAtOnce() {
  const sink = collector()
  const tabA = start({ transport: sink.transport, batchSize: 3 })
  const tabB = start({ transport: sink.transport, batchSize: 3 })
  const events = Array.from({ length: 10 }, (_, i) => event(`e${i}`))
  events.forEach((e, i) => (i % 2 ? tabA : tabB).enqueue(e))
  await Promise.all([tabA.flush(), tabB.flush()])
  await Promise.all([tabA.flush(), tabB.flush()])
  return { sink, events }
}

/** A minimal Web Locks manager (happy-dom has none): requests for one name run one after another. */
function fakeLocks() {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    request<T>(_name: string, task: () => Promise<T>): Promise<T> {
      const run = tail.then(task)
      tail = run.catch(() => {})
      return run
    },
  }
}

test('two tabs flushing at once (Web Locks) send every stored event exactly once', async () => {
  Object.defineProperty(navigator, 'locks', { value: fakeLocks(), configurable: true })
  try {
    const { sink, events } = await twoTabsFlushingAtOnce()
    expect(sink.delivered().sort()).toEqual(events.map((e) => e.id).sort())
    expect(await storedIds()).toEqual([])
  } finally {
    delete (navigator as { locks?: unknown }).locks
  }
})

test('without Web Locks, a localStorage lease keeps a second tab from sending the same events', async () => {
  expect(navigator.locks).toBeFalsy() // happy-dom, like old browsers, has no Web Locks
  const { sink, events } = await twoTabsFlushingAtOnce()
  expect(sink.delivered().sort()).toEqual(events.map((e) => e.id).sort())
  expect(await storedIds()).toEqual([])
  expect(localStorage.getItem('journeytag-flush')).toBeNull() // released after use
})

test('where Web Locks refuse (SecurityError: a sandboxed frame, blocked site data), the queue still sends', async () => {
  const refused = () => Promise.reject(new DOMException('Access to the Locks API is denied in this context.', 'SecurityError'))
  Object.defineProperty(navigator, 'locks', { value: { request: refused }, configurable: true })
  try {
    const sink = collector()
    const tab = start({ transport: sink.transport })
    const e = event()
    tab.enqueue(e)
    await tab.flush()
    expect(sink.delivered()).toEqual([e.id])
  } finally {
    delete (navigator as { locks?: unknown }).locks
  }
})
