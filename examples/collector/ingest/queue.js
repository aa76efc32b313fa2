// @ts-check
/**
 * The bounded write queue between /collect and the store. A burst larger than
 * the database can absorb waits here up to `limit` batches; past that the
 * collector answers 429 with Retry-After (the SDK keeps the batch and waits as
 * told) instead of piling up requests until memory runs out.
 */

/**
 * @typedef {object} WriteQueue
 * @property {() => boolean} full whether a new batch would be refused right now
 * @property {(rows: import('../stores/store.js').StoredEvent[]) => Promise<{ inserted: number }> | undefined} offer
 *   queues the rows; undefined when the queue is full, else resolves once they are committed
 * @property {() => number} retryAfterSeconds how long a refused client should wait, from the current backlog
 * @property {() => string} version changes whenever new events were committed (what the map page polls)
 * @property {() => { waiting: number, writing: number }} depth
 * @property {() => Promise<void>} drain resolves once every queued batch is written (for shutdown)
 */

/**
 * Wraps a store's insert in a bounded queue with at most `concurrency` inserts at a time.
 * @example
 * const queue = createWriteQueue(store, { limit: 200, concurrency: 4 })
 * const pending = queue.offer(rows)
 * if (!pending) answer429(queue.retryAfterSeconds())
 * @param {Pick<import('../stores/store.js').Store, 'insert'>} store
 * @param {{ limit: number, concurrency: number }} options
 * @returns {WriteQueue}
 */
export function createWriteQueue(store, { limit, concurrency }) {
  /** @type {{ rows: import('../stores/store.js').StoredEvent[], resolve(v: { inserted: number }): void, reject(e: unknown): void }[]} */
  const waiting = []
  let writing = 0
  let committed = 0
  // A restart must read as a change too, or a page would keep a map from before it.
  const boot = Date.now().toString(36)
  let averageMs = 20
  /** @type {(() => void)[]} */
  const idle = []

  function next() {
    while (writing < concurrency && waiting.length) {
      const job = /** @type {(typeof waiting)[number]} */ (waiting.shift())
      writing++
      const started = performance.now()
      store.insert(job.rows).then(
        (result) => {
          committed += result.inserted
          job.resolve(result)
        },
        job.reject,
      ).finally(() => {
        averageMs = averageMs * 0.8 + (performance.now() - started) * 0.2
        writing--
        next()
        if (!writing && !waiting.length) for (const done of idle.splice(0)) done()
      })
    }
  }

  return {
    full: () => waiting.length + writing >= limit,
    offer(rows) {
      if (waiting.length + writing >= limit) return undefined
      const done = new Promise((resolve, reject) => waiting.push({ rows, resolve, reject }))
      next()
      return /** @type {Promise<{ inserted: number }>} */ (done)
    },
    retryAfterSeconds: () => Math.min(30, Math.max(1, Math.ceil(((waiting.length + writing) * averageMs) / concurrency / 1000))),
    version: () => `${boot}-${committed}`,
    depth: () => ({ waiting: waiting.length, writing }),
    drain: () => (writing || waiting.length ? new Promise((resolve) => idle.push(() => resolve(undefined))) : Promise.resolve()),
  }
}
