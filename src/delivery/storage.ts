/**
 * Where queued events live: IndexedDB (idb-keyval store `journeytag`/`events`,
 * keyed by event id) so they survive reloads, crashes and closed tabs. Where
 * IndexedDB is missing or fails (private mode, blocked storage, quota, a
 * connection the browser closed) events are kept in memory instead and storage
 * is tried again later; nothing here ever throws.
 */
import { createStore, delMany, setMany, values, type UseStore } from 'idb-keyval'
import { byAge, type Queued } from './batch'
import { logDebug } from '../log'

/** How long storage rests after a failure before it is tried again. */
const RETRY_STORAGE_MS = 10_000
/** An IndexedDB call that has not settled by then counts as failed (some browsers hang instead of erroring). */
const STORAGE_TIMEOUT_MS = 3_000

/** The queue's storage. `all()` is sorted oldest first. */
export interface Storage {
  add(records: Queued[]): Promise<void>
  all(): Promise<Queued[]>
  remove(ids: string[]): Promise<void>
}

/**
 * Opens the queue storage. `maxSize` bounds the in-memory fallback.
 * @example
 * const storage = openStorage(1000)
 */
export function openStorage(maxSize: number): Storage {
  const memory = new Map<string, Queued>()
  let store: UseStore | undefined
  let failedAt = -Infinity

  /** Runs an IndexedDB call; false when storage is resting or the call failed. */
  async function db<T>(call: (store: UseStore) => Promise<T>): Promise<{ v: T } | false> {
    if (Date.now() - failedAt < RETRY_STORAGE_MS) return false
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      store = store || createStore('journeytag', 'events')
      const v = await Promise.race([call(store), new Promise<never>((_, reject) => (timer = setTimeout(reject, STORAGE_TIMEOUT_MS)))])
      return { v }
    } catch (error) {
      failedAt = Date.now()
      logDebug('IndexedDB unavailable, queueing in memory:', error)
      return false
    } finally {
      // Otherwise every call, even one that settled at once, leaves a pending 3 s timer behind.
      clearTimeout(timer)
    }
  }

  const keep = (records: Queued[]) => {
    for (const r of records) memory.set(r.e.id, r)
    // The fallback is capped here (IndexedDB is capped by the flush that reads it); Map order is insertion order.
    for (const id of memory.keys()) if (memory.size > maxSize) memory.delete(id)
  }

  return {
    async add(records) {
      if (!(await db((s) => setMany(records.map((r) => [r.e.id, r]), s)))) keep(records)
    },
    async all() {
      // Events kept in memory while storage was down move back into it as soon as it works again.
      if (memory.size && (await db((s) => setMany([...memory], s)))) memory.clear()
      const stored = await db((s) => values<Queued>(s))
      const byId = new Map(stored ? stored.v.map((r) => [r.e.id, r]) : [])
      for (const [id, r] of memory) byId.set(id, r)
      return [...byId.values()].sort(byAge)
    },
    async remove(ids) {
      for (const id of ids) memory.delete(id)
      await db((s) => delMany(ids, s))
    },
  }
}
