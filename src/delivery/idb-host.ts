/**
 * The IndexedDB side of the queue: the `journeytag`/`events` store, driven by
 * small messages. It names nothing outside itself, because its source text is
 * also what the storage worker runs (storage-worker.ts): in Chromium every
 * IndexedDB transaction costs the main thread about half a millisecond, and a
 * page that tracks once a second would pay that per event.
 */

/** One call: an id for the answer, the operation, its argument. */
export type HostCall =
  | [id: number, op: 'open']
  | [id: number, op: 'put', chunks: [key: string, value: unknown][]]
  | [id: number, op: 'all']
  /** Chunks to delete (`0`) or to rewrite without the given event ids. */
  | [id: number, op: 'remove', chunks: [key: IDBValidKey, gone: string[] | 0][]]

/** The answer to call `id`: ok and its value, or not ok and the error's text. */
export type HostReply = (id: number, ok: boolean, value?: unknown) => void

/** idb-keyval's promisifyRequest, passed in (the worker gets its source too). */
type Promisify = <T>(request: IDBRequest<T> | IDBTransaction) => Promise<T>

/**
 * Opens the store lazily and returns the handler of calls; every call is answered through `reply`.
 * A database that exists without the store (left by another script or an old version) is upgraded to add it.
 * @example
 * const run = idbHost(promisifyRequest, (id, ok, value) => console.log(id, ok, value))
 * run([1, 'all'])
 */
export function idbHost(promisify: Promisify, reply: HostReply): (call: HostCall) => void {
  let db: Promise<IDBDatabase> | undefined
  const open = (version?: number): Promise<IDBDatabase> => {
    const request = indexedDB.open('journeytag', version)
    request.onupgradeneeded = () => request.result.objectStoreNames.contains('events') || request.result.createObjectStore('events')
    return promisify(request).then((opened) => {
      if (!opened.objectStoreNames.contains('events')) return opened.close(), open(opened.version + 1)
      // Another page upgrading the database must not wait for us; a connection the browser closed is opened again.
      opened.onversionchange = opened.onclose = () => (opened.close(), (db = undefined))
      return opened
    })
  }
  const store = (mode: IDBTransactionMode) =>
    (db ||= open().catch((error) => ((db = undefined), Promise.reject(error)))).then((d) => d.transaction('events', mode).objectStore('events'))

  const run = async ([, op, arg]: HostCall): Promise<unknown> => {
    // 'all' and 'open' read ('open' only opens the database: its value is never used); 'put' and 'remove' write.
    const os = await store(op < 'p' ? 'readonly' : 'readwrite')
    if (op == 'open') return 0
    if (op == 'all') return Promise.all([promisify(os.getAllKeys()), promisify(os.getAll())])
    if (op == 'put') for (const [key, value] of arg as [string, unknown][]) os.put(value, key)
    else
      for (const [key, gone] of arg as [IDBValidKey, string[] | 0][]) {
        // A chunk with nothing left is deleted unread (the common case, chunks being batch-sized).
        if (!gone) os.delete(key)
        else {
          // onsuccess, not a promise: the transaction must still be active when the rewrite is asked for.
          const read = os.get(key)
          read.onsuccess = () => {
            const rest = Array.isArray(read.result) ? read.result.filter((r: { id: string }) => !gone.includes(r.id)) : []
            rest.length ? os.put(rest, key) : os.delete(key)
          }
        }
      }
    return promisify(os.transaction)
  }
  return (call) => void run(call).then((value) => reply(call[0], true, value), (error) => reply(call[0], false, String(error)))
}
