/**
 * One flusher at a time across the site's open tabs, so two tabs never send the
 * same stored event. Web Locks where the browser has them; elsewhere a lease in
 * localStorage that expires, so a crashed tab cannot hold it forever.
 */
import { local } from '../context/storage'
import { quiet } from '../log'

const NAME = 'journeytag-flush'
const LEASE_MS = 30_000

/**
 * Runs `task` holding the flush lock on behalf of `me` (a random id per page).
 * With Web Locks it waits for the lock; where there are none, or they are refused,
 * it takes the lease, and gives up at once (resolving undefined) when another page holds it.
 * @example
 * await withFlushLock(pageId, () => sendQueued())
 */
export async function withFlushLock<T>(me: string, task: () => Promise<T>): Promise<T | undefined> {
  const locks = navigator.locks
  let ran: unknown
  try {
    if (locks) return await locks.request(NAME, () => ((ran = 1), task()))
  } catch (error) {
    // Refused before the task ran (SecurityError: an opaque-origin frame, site data blocked): the lease below.
    if (ran) throw error
  }
  const store = local()
  let leased: Storage | undefined
  try {
    const [holder, until] = (store?.getItem(NAME) ?? '').split(' ')
    if (holder && holder != me && +until! > Date.now()) return
    store?.setItem(NAME, `${me} ${Date.now() + LEASE_MS}`)
    leased = store
  } catch {
    // No localStorage: this tab cannot coordinate, and flushing alone beats not flushing.
  }
  try {
    return await task()
  } finally {
    quiet(() => leased?.getItem(NAME)?.startsWith(me) && leased.removeItem(NAME))
  }
}
