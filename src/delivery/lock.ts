/**
 * One flusher at a time across the site's open tabs, so two tabs never send the
 * same stored event. Web Locks where the browser has them; elsewhere a lease in
 * localStorage that expires, so a crashed tab cannot hold it forever.
 */
const NAME = 'journeytag-flush'
const LEASE_MS = 30_000

/**
 * Runs `task` holding the flush lock on behalf of `me` (a random id per page).
 * With Web Locks it waits for the lock; with the lease it gives up at once
 * (resolving undefined) when another page holds it.
 * @example
 * await withFlushLock(pageId, () => sendQueued())
 */
export async function withFlushLock<T>(me: string, task: () => Promise<T>): Promise<T | undefined> {
  const locks = typeof navigator === 'object' ? navigator.locks : undefined
  if (locks) return locks.request(NAME, task)
  let leased = false
  try {
    const [holder, until] = (localStorage.getItem(NAME) ?? '').split(' ')
    if (holder && holder !== me && Number(until) > Date.now()) return undefined
    localStorage.setItem(NAME, `${me} ${Date.now() + LEASE_MS}`)
    leased = true
  } catch {
    // No localStorage: this tab cannot coordinate, and flushing alone beats not flushing.
  }
  try {
    return await task()
  } finally {
    try {
      if (leased && localStorage.getItem(NAME)?.startsWith(me)) localStorage.removeItem(NAME)
    } catch {}
  }
}
