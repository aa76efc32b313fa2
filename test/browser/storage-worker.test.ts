/**
 * The queue's IndexedDB work runs in a dedicated worker, off the page's main
 * thread; where the page's CSP refuses `blob:` workers, or `storageWorker:
 * false` says so, it runs on the main thread and nothing else changes. The page
 * counts, on its own thread, the workers started and the IndexedDB databases
 * opened and transactions begun (patched before the SDK loads).
 */
import { expect, test } from 'vitest'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld, type Collector } from './support/hardening-world'
import { initWith, trackMany } from './support/hardening-pages'

const w = useHardeningWorld()
const FAST = { autoPageviews: false, flushInterval: 200, retry: { delay: 100, backoffLimit: 500 } }
const arrived = (c: Collector) => new Set(c.events().filter((e) => e.type === 'probe').map((e) => e.properties.n)).size

/** Counts, on the page's thread, workers constructed and IndexedDB opens and transactions. */
const COUNT = `window.counted = { workers: 0, opens: 0, transactions: 0 };
const W = window.Worker; window.Worker = function (...a) { counted.workers++; return new W(...a) };
const open = IDBFactory.prototype.open; IDBFactory.prototype.open = function (...a) { counted.opens++; return open.apply(this, a) };
const tx = IDBDatabase.prototype.transaction; IDBDatabase.prototype.transaction = function (...a) { counted.transactions++; return tx.apply(this, a) };`

type Counted = { workers: number; opens: number; transactions: number }

async function run(options: Record<string, unknown>, head = '') {
  const c = await w.collector()
  const site = await w.site()
  const url = site.page('/worker.html', html({ head, before: `${COUNT};${initWith({ ...FAST, endpoint: c.url, ...options })}` }))
  const watched = await w.tab()
  await watched.tab.goto(url)
  await loaded(watched.tab)
  await trackMany(watched.tab, 'probe', 30)
  await waitFor(() => arrived(c) >= 30, 10_000, '30 events at the collector')
  // Past the flush that delivered them, so its deletion has run too.
  await watched.tab.waitForTimeout(500)
  const counted = await watched.tab.evaluate(() => (window as unknown as { counted: Counted }).counted)
  return { c, counted, ...watched }
}

test('by default the queue stores and deletes events from a worker: the page thread opens no database and begins no transaction', async () => {
  const { c, counted, errors, pageErrors } = await run({})
  expect(arrived(c)).toBe(30)
  expect(counted).toEqual({ workers: 1, opens: 0, transactions: 0 })
  expect(errors.filter((e) => !/404/.test(e))).toEqual([])
  expect(pageErrors).toEqual([])
})

/** A policy without worker-src: its script-src governs workers, and it does not list blob:. */
const NO_BLOB = `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">`

test("a page whose Content-Security-Policy refuses blob: workers: the queue runs on the page thread, every event arrives, and journeytag reports nothing", async () => {
  const { c, counted, errors, pageErrors } = await run({}, NO_BLOB)
  expect(counted.workers).toBe(1) // tried, refused by the browser
  expect(arrived(c)).toBe(30)
  expect(counted.transactions).toBeGreaterThan(0)
  // The browser's own CSP message is the only console error; none is journeytag's, nothing reached window.onerror.
  expect(errors.filter((e) => /journeytag/i.test(e))).toEqual([])
  expect(pageErrors).toEqual([])
})

test('storageWorker: false starts no worker (so a strict CSP never sees one) and queues on the page thread', async () => {
  const { c, counted, errors } = await run({ storageWorker: false })
  expect(arrived(c)).toBe(30)
  expect(counted.workers).toBe(0)
  expect(counted.transactions).toBeGreaterThan(0)
  expect(errors.filter((e) => !/404/.test(e))).toEqual([])
})

test("the README's policy (worker-src blob: added) lets the worker start: no IndexedDB transaction on the page thread, no console error", async () => {
  const { c, counted, errors, pageErrors } = await run({}, `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'; worker-src blob:">`)
  expect(arrived(c)).toBe(30)
  expect(counted).toEqual({ workers: 1, opens: 0, transactions: 0 })
  expect(errors.filter((e) => !/404/.test(e))).toEqual([])
  expect(pageErrors).toEqual([])
})
