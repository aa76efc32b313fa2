// @ts-check
/**
 * Maps are expensive and asked for often (every open tab, every refresh), so a
 * computed map is reused per request key: as long as no new events arrived
 * (same ingest version, up to `maxAgeMs`, since a "last 24 h" window still slides),
 * and for `ttlMs` even when some did, so a busy site recomputes a map at most
 * once per `ttlMs`. The same key is never computed twice at once (later askers
 * share the running computation), and at most `concurrency` different maps are
 * computed at a time. Ingestion never goes through here: a slow map cannot delay /collect.
 */

/**
 * @template T
 * @typedef {object} FiguresCache
 * @property {(key: string, version: string, compute: () => Promise<T>) => Promise<T>} get the cached or running result
 *   for `key`, else computes it; `version` is the ingest version now (see WriteQueue.version)
 * @property {() => { entries: number, computing: number, waiting: number, computed: number }} stats
 */

/**
 * Creates a cache. An entry is reused `ttlMs` after its computation finished, and up to
 * `maxAgeMs` while the version is the one it was computed at; a failed computation is
 * not kept. At most `maxEntries` are kept (least recently used go first).
 * @example
 * const cache = createFiguresCache({ ttlMs: 5000 })
 * const figures = await cache.get('?range=7d', queue.version(), () => store.figures(query))
 * @template T
 * @param {{ ttlMs: number, maxAgeMs?: number, maxEntries?: number, concurrency?: number, now?: () => number }} options
 * @returns {FiguresCache<T>}
 */
export function createFiguresCache({ ttlMs, maxAgeMs = 60_000, maxEntries = 100, concurrency = 2, now = Date.now }) {
  /** @type {Map<string, { result: Promise<T>, version: string, doneAt: number | undefined }>} */
  const entries = new Map()
  /** @type {(() => void)[]} */
  const queued = []
  let running = 0
  let computed = 0

  /** Runs `compute` once a slot is free, so a burst of distinct keys cannot swamp the database. */
  const limited = (/** @type {() => Promise<T>} */ compute) =>
    new Promise((resolve, reject) => {
      const start = () => {
        running++
        computed++
        compute()
          .then(resolve, reject)
          .finally(() => {
            running--
            queued.shift()?.()
          })
      }
      if (running < concurrency) start()
      else queued.push(start)
    })

  return {
    get(key, version, compute) {
      const entry = entries.get(key)
      const age = entry?.doneAt === undefined ? 0 : now() - entry.doneAt
      if (entry && (age < ttlMs || (entry.version === version && age < maxAgeMs))) {
        entries.delete(key) // re-insert: Map order is the recency order
        entries.set(key, entry)
        return entry.result
      }
      /** @type {{ result: Promise<T>, version: string, doneAt: number | undefined }} */
      const fresh = { result: limited(compute), version, doneAt: undefined }
      fresh.result.then(
        () => void (fresh.doneAt = now()),
        () => entries.get(key) === fresh && entries.delete(key),
      )
      entries.delete(key)
      entries.set(key, fresh)
      for (const [oldKey, old] of entries) {
        if (entries.size <= maxEntries) break
        if (old.doneAt !== undefined) entries.delete(oldKey) // never evict a running one: its askers still wait on it
      }
      return fresh.result
    },
    stats: () => ({ entries: entries.size, computing: running, waiting: queued.length, computed }),
  }
}
