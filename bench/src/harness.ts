/**
 * Runs inside each benchmark page. Every SDK page is the same harness around one
 * adapter (src/adapters/<sdk>.ts), so the pages differ only by the SDK under test.
 * Timings use performance.now(); nothing here asserts anything.
 */

/** What an adapter exposes: a promise for "the SDK is initialised", and one way to send the benchmark event. */
export interface Adapter {
  ready: Promise<unknown>
  track(token: string): void
}

const pad = (n: number) => String(n).padStart(6, '0')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// A message-channel turn runs after the microtasks queued by the calls (promise chains of async SDKs), without setTimeout's clamping.
const channel = new MessageChannel()
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(0)
  })
}

/** Long tasks (> 50 ms on the main thread) seen from now until stop(). */
function watchLongTasks() {
  const durations: number[] = []
  let observer: PerformanceObserver | undefined
  try {
    observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => durations.push(entry.duration)))
    observer.observe({ type: 'longtask' })
  } catch {
    /* not supported: reported as none */
  }
  return () => {
    observer?.disconnect()
    return durations
  }
}

/** Installs `window.__bench` for the Node side to drive with page.evaluate. */
export function install(adapter: Adapter): void {
  const bench = {
    ready: Promise.race([adapter.ready.then(() => 'ready'), sleep(10_000).then(() => 'timeout')]),

    /**
     * `total` track() calls in batches of `batch`: per-call µs of each batch, synchronous and up to the next task.
     * Stops early once `budgetMs` has passed (SDKs whose cost grows with their backlog would otherwise take minutes).
     */
    async mainThread(prefix: string, total: number, batch: number, settleMs: number, budgetMs: number) {
      const stop = watchLongTasks()
      const sync: number[] = []
      const withDeferred: number[] = []
      const began = performance.now()
      let calls = 0
      for (let start = 0; start < total && performance.now() - began < budgetMs; start += batch) {
        const t0 = performance.now()
        for (let i = start; i < start + batch; i++) adapter.track(prefix + pad(i))
        const t1 = performance.now()
        await nextTask()
        const t2 = performance.now()
        sync.push(((t1 - t0) * 1000) / batch)
        withDeferred.push(((t2 - t0) * 1000) / batch)
        calls += batch
        // Progress to the Node side, so a renderer that crashes mid-run still leaves its timings behind.
        if (sync.length % 10 === 0) console.debug(`bench-progress ${JSON.stringify({ calls, sync: sync.slice(-10), withDeferred: withDeferred.slice(-10) })}`)
      }
      const elapsedMs = performance.now() - began
      await sleep(settleMs)
      return { sync, withDeferred, longTasks: stop(), calls, elapsedMs, isolated: crossOriginIsolated }
    },

    /** Tracks `count` events `gapMs` apart (a visitor's pace rather than a loop). */
    async trackSpaced(prefix: string, count: number, gapMs: number) {
      for (let i = 0; i < count; i++) {
        adapter.track(prefix + pad(i))
        await sleep(gapMs)
      }
    },

    /**
     * Like trackSpaced, timing each call: µs inside each track() (performance.now(), 5 µs steps on an
     * isolated page, so only their mean is meaningful). The gap starts after the call returns.
     */
    async spacedCalls(prefix: string, count: number, gapMs: number) {
      const sync: number[] = []
      for (let i = 0; i < count; i++) {
        const t0 = performance.now()
        adapter.track(prefix + pad(i))
        sync.push((performance.now() - t0) * 1000)
        await sleep(gapMs)
      }
      return sync
    },

    /** Tracks `total` events as fast as the page allows, yielding a task every `batch` calls; returns ms spent. */
    async trackAll(prefix: string, total: number, batch: number) {
      const t0 = performance.now()
      for (let start = 0; start < total; start += batch) {
        for (let i = start; i < Math.min(total, start + batch); i++) adapter.track(prefix + pad(i))
        await nextTask()
      }
      return performance.now() - t0
    },

    /** ms from one track() until the event can be read back from IndexedDB (any database of the page); -1 when it never shows up. */
    async trackToIndexedDb(token: string, timeoutMs: number) {
      const t0 = performance.now()
      adapter.track(token)
      while (performance.now() - t0 < timeoutMs) {
        if ((await countInIndexedDb(token)) > 0) return performance.now() - t0
      }
      return -1
    },

    countInIndexedDb,
  }
  ;(window as unknown as { __bench: typeof bench }).__bench = bench
}

const open: Record<string, IDBDatabase> = {}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
}

/**
 * How many stored events contain `needle` (a token, or a token prefix), looking through every
 * IndexedDB database and store of the page: the bench relies on no database or store name, so the
 * SDK may lay out its queue (one event or one batch per value) as it likes.
 * Never creates a database (only names from indexedDB.databases() are opened, without a version),
 * and closes a connection as soon as the SDK wants to upgrade.
 */
async function countInIndexedDb(needle: string): Promise<number> {
  const values: unknown[] = []
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue
    if (!open[name]) {
      const db = await request(indexedDB.open(name))
      db.onversionchange = () => {
        db.close()
        delete open[name]
      }
      open[name] = db
    }
    const db = open[name]!
    const stores = [...db.objectStoreNames]
    if (!stores.length) continue
    try {
      const tx = db.transaction(stores, 'readonly')
      for (const store of stores) values.push(...(await request(tx.objectStore(store).getAll())))
    } catch {
      /* closed for an upgrade in between: counted on the next poll */
    }
  }
  const tokens = new Set(JSON.stringify(values).match(/jtb\d+x\d{6}/g) ?? [])
  let count = 0
  for (const token of tokens) if (token.startsWith(needle)) count++
  return count
}
