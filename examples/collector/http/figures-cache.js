// @ts-check
/**
 * Maps are expensive and asked for often (every open tab, every refresh), so a
 * computed map is reused for a short time per request key, the same key is never
 * computed twice at once (later askers share the running computation), and at
 * most `concurrency` different maps are computed at a time. Ingestion never goes
 * through here: a slow map cannot delay /collect.
 */

/**
 * @template T
 * @typedef {object} FiguresCache
 * @property {(key: string, compute: () => Promise<T>) => Promise<T>} get the cached or running result for `key`, else computes it
 * @property {() => { entries: number, computing: number, waiting: number, computed: number }} stats
 */

/**
 * Creates a cache. An entry lives `ttlMs` after its computation finished; a failed
 * computation is not kept. At most `maxEntries` are kept (least recently used go first).
 * @example
 * const cache = createFiguresCache({ ttlMs: 5000 })
 * const figures = await cache.get('?range=7d', () => store.figures(query))
 * @template T
 * @param {{ ttlMs: number, maxEntries?: number, concurrency?: number, now?: () => number }} options
 * @returns {FiguresCache<T>}
 */
export function createFiguresCache({ ttlMs, maxEntries = 100, concurrency = 2, now = Date.now }) {
  /** @type {Map<string, { result: Promise<T>, doneAt: number | undefined }>} */
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
    get(key, compute) {
      const entry = entries.get(key)
      if (entry && (entry.doneAt === undefined || now() - entry.doneAt < ttlMs)) {
        entries.delete(key) // re-insert: Map order is the recency order
        entries.set(key, entry)
        return entry.result
      }
      /** @type {{ result: Promise<T>, doneAt: number | undefined }} */
      const fresh = { result: limited(compute), doneAt: undefined }
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
