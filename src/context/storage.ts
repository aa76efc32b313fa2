/**
 * Small JSON values kept first-party, per `identityStorage`: localStorage (the
 * default), a first-party cookie, or 'none' (this page load only). Never throws:
 * storage can be disabled, full, or blocked in sandboxed iframes, and tracking
 * must go on regardless (in memory).
 */

/** Where journeytag keeps the visitor's ids and state. */
export type StorageMode = 'localStorage' | 'cookie' | 'none'

type Backend = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const memory = new Map<string, string>()
let mode: StorageMode = 'localStorage'

// Cookie names cannot hold ':' (journeytag:anonymousId → journeytag_anonymousId).
const cookieName = (key: string) => key.replace(':', '_')
// Reading document.cookie is slow (it serialises every cookie of the site), and one
// touchpoint reads several keys: one snapshot serves a whole synchronous task.
let jar: string | undefined
const readJar = (): string => {
  if (jar === undefined) {
    jar = document.cookie
    queueMicrotask(() => (jar = undefined))
  }
  return jar
}
const setCookie = (cookie: string) => {
  document.cookie = cookie
  jar = undefined
}
const cookies: Backend = {
  getItem: (key) => {
    const found = readJar().match(`(?:^|; )${cookieName(key)}=([^;]*)`)
    return found ? decodeURIComponent(found[1]!) : null
  },
  // A year, first-party, sent only to this site; Secure on https.
  setItem: (key, value) =>
    setCookie(`${cookieName(key)}=${encodeURIComponent(value)};path=/;max-age=31536000;samesite=lax${location.protocol === 'https:' ? ';secure' : ''}`),
  removeItem: (key) => setCookie(`${cookieName(key)}=;path=/;max-age=0;expires=Thu, 01 Jan 1970 00:00:00 GMT`),
}

/** Chooses where values are kept (init() does this from `identityStorage`). Forgets in-memory copies. */
export function setStorageMode(next: StorageMode): void {
  mode = next
  memory.clear()
}

function backend(): Backend | undefined {
  try {
    return mode === 'cookie' ? cookies : mode === 'localStorage' ? (globalThis.localStorage ?? undefined) : undefined
  } catch {
    return undefined
  }
}

/** Reads a stored JSON value, or undefined when absent or unreadable. */
export function readStored<T>(key: string): T | undefined {
  // The memory copy holds only what the backend refused (a successful write deletes it), and it
  // is newer than whatever the backend still has: a full localStorage must not revive an old session.
  let raw: string | null | undefined = memory.get(key)
  if (raw === undefined) {
    try {
      raw = backend()?.getItem(key)
    } catch {
      raw = undefined
    }
  }
  if (raw == null) return undefined
  try {
    return JSON.parse(raw) as T
  } catch {
    return undefined
  }
}

/** Stores a JSON value (kept in memory when the backend refuses or mode is 'none'). */
export function writeStored(key: string, value: unknown): void {
  const raw = JSON.stringify(value)
  try {
    const store = backend()
    if (!store) throw 0
    store.setItem(key, raw)
    // Cookies can be refused silently (blocked, too big): read back before trusting them.
    // localStorage says so itself, by throwing.
    if (store === cookies && store.getItem(key) !== raw) throw 0
    memory.delete(key)
  } catch {
    memory.set(key, raw) // quota, access denied or 'none': the in-memory copy keeps this page consistent
  }
}

/**
 * Removes a stored value from every place it may be: an opt-out or reset() can
 * come before init() chose the mode, or after the site switched modes.
 */
export function removeStored(key: string): void {
  memory.delete(key)
  for (const store of [cookies, globalThis.localStorage]) {
    try {
      store?.removeItem(key)
    } catch {
      // blocked storage holds nothing of ours to remove
    }
  }
}
