/**
 * Where queued events live: IndexedDB (idb-keyval store `journeytag`/`events`)
 * so they survive reloads, crashes and closed tabs. Events are written in
 * chunks: one value per write, however many events it holds, because each
 * IndexedDB put costs the main thread far more than the bytes it stores.
 * Where IndexedDB is missing or fails (private mode, blocked storage, quota, a
 * connection the browser closed) events are kept in memory and storage is tried
 * again later; nothing here ever throws.
 */
import { mapOf, stringify } from '../builtins'
import { byAge, readRecords, type Queued } from './batch'
import { logDebug } from '../log'
import { uuid } from '../uuid'
import { connectHost, type HostConnection } from './storage-worker'

/** How long storage rests after a failure before it is tried again. */
const RETRY_STORAGE_MS = 10_000
/** An IndexedDB call that has not settled by then counts as failed (some browsers hang instead of erroring). */
const STORAGE_TIMEOUT_MS = 3_000

/** The queue's storage. `all()` is sorted oldest first, one record per event id. */
export interface QueueStorage {
  /**
   * Stores records in chunks of `chunkSize` (one chunk by default), all in one transaction;
   * resolves true once IndexedDB has them, false when they are kept in memory.
   */
  add(records: Queued[], chunkSize?: number): Promise<boolean>
  all(): Promise<Queued[]>
  remove(ids: string[]): Promise<void>
  /** Ends the storage worker; the queue calls it once its last write is done. */
  close(): void
}

/** A record as version 0.0 stored it, one per key: read once, delivered like the others. */
type Legacy = { e: { id: string }; t: number; s: number; n: number }
const fromLegacy = ({ e, ...rest }: Legacy): Queued => ({ ...rest, id: e.id, j: stringify(e) })

/**
 * Opens the queue storage. `maxSize` bounds the in-memory fallback; `warm` opens the database
 * at once rather than at the first call (false while the visitor has not consented: nothing is created before);
 * `inWorker` runs IndexedDB in a worker where one can start (the `storageWorker` option).
 * @example
 * const storage = openStorage(1000, true, true)
 */
export function openStorage(maxSize: number, warm: boolean, inWorker = false): QueueStorage {
  const memory = new Map<string, Queued>()
  /** Which chunk holds each stored event, and how many of a chunk's events are not removed yet, as last seen. */
  const chunkOf = new Map<string, IDBValidKey>()
  const left = new Map<IDBValidKey, number>()
  let host: HostConnection | undefined
  let failedAt = -Infinity

  /** Runs an IndexedDB call; false when storage is resting or the call failed. */
  async function db<T>(call: (host: HostConnection) => Promise<T>): Promise<{ v: T } | false> {
    if (Date.now() - failedAt < RETRY_STORAGE_MS) return false
    let timer
    try {
      const v = await Promise.race([call((host ||= connectHost(inWorker))), new Promise<never>((_, reject) => (timer = setTimeout(reject, STORAGE_TIMEOUT_MS)))])
      return { v }
    } catch (error) {
      failedAt = Date.now()
      // A worker that failed or never answered (IndexedDB broken in workers, a hung thread) is not tried again:
      // the main thread is the known-good place, and where IndexedDB fails there too nothing is lost by moving.
      host?.fallback()
      logDebug('IndexedDB failed, queueing in memory:', error)
      return false
    } finally {
      clearTimeout(timer)
    }
  }

  const keep = (records: Queued[]) => {
    for (const r of records) memory.set(r.id, r)
    // Map order is insertion order: the oldest go first.
    for (const id of memory.keys()) if (memory.size > maxSize) memory.delete(id)
  }

  const write = async (records: Queued[], size = records.length) => {
    const chunks: [string, Queued[]][] = []
    for (let i = 0; i < records.length; i += size) {
      // Time first, so the store lists chunks about in the order they were written (all() sorts the events anyway);
      // a random part, so no two writes, in this tab or another, share a key.
      const key = `${Date.now()}.${uuid()}`
      const chunk = records.slice(i, i + size)
      // Known before the write settles, so a delivery confirmed meanwhile (on page hide) deletes from this chunk.
      for (const r of chunk) chunkOf.set(r.id, key)
      left.set(key, chunk.length)
      chunks.push([key, chunk])
    }
    // One transaction for every chunk: a transaction costs the main thread far more than a put.
    return !!(await db((h) => h.call('put', chunks)))
  }

  // Opened at once, not at the first write: creating the database on a first visit takes tens of milliseconds,
  // and the first events should not wait for it (a crash then would lose them).
  if (warm) void db((h) => h.call('open'))

  return {
    async add(records, chunkSize) {
      const ok = await write(records, chunkSize)
      if (!ok) keep(records)
      return ok
    },
    async all() {
      // Events kept in memory while storage was down move back into it as soon as it works again.
      if (memory.size && (await write([...memory.values()]))) memory.clear()
      const stored = await db((h) => h.call('all') as Promise<[IDBValidKey[], (Queued[] | Legacy)[]]>)
      const byId = new Map<string, Queued>()
      const [keys, values] = stored ? stored.v : [[], []]
      for (const [i, key] of keys.entries()) {
        const value = values[i]!
        // (A value another script left in the store is no records: it stops no delivery.)
        const records = readRecords(() => (Array.isArray(value) ? value : [fromLegacy(value)]))
        left.set(key, records.length)
        for (const r of records) {
          // Stored twice (a page's write that landed after all, and its last-resort copy the next page moved in): a delivery
          // deletes an event from one chunk only, so the earlier copy goes now, or a later page would send it again.
          // (One transaction each, in order: two rewrites of one chunk in one transaction would both read it unchanged.)
          if (byId.has(r.id)) void db((h) => h.call('remove', [[chunkOf.get(r.id)!, [r.id]]]))
          chunkOf.set(r.id, key)
          byId.set(r.id, r)
        }
      }
      for (const [id, r] of memory) byId.set(id, r)
      return [...byId.values()].sort(byAge)
    },
    async remove(ids) {
      const chunks = new Set<IDBValidKey>()
      for (const id of ids) {
        memory.delete(id)
        const key = chunkOf.get(id)
        if (key === undefined) continue
        chunks.add(key)
        left.set(key, left.get(key)! - 1)
        chunkOf.delete(id)
      }
      if (!chunks.size) return
      // One transaction: a chunk with nothing left is deleted unread (and forgotten here); any other is rewritten without the removed events.
      const calls = mapOf([...chunks], (key) => [key, left.get(key)! > 0 ? ids : (left.delete(key), 0)] as [IDBValidKey, string[] | 0])
      await db((h) => h.call('remove', calls))
    },
    close: () => host?.close(),
  }
}
