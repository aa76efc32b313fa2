/**
 * Small JSON values kept first-party, per `identityStorage`: localStorage (the
 * default), a first-party cookie, or 'none' (this page load only). Values are
 * cached in memory, so a touchpoint reads no storage; another tab's change
 * reaches the cache through the `storage` event (cookies: a changed cookie string). Never throws: storage can be
 * disabled, full or blocked, and tracking goes on in memory.
 */

import { parse, stringify } from '../builtins'
import { quiet } from '../log'

/** Where journeytag keeps the visitor's ids and state. */
export type StorageMode = 'localStorage' | 'cookie' | 'none'

type Backend = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const cache = new Map<string, unknown>()
let mode: StorageMode = 'localStorage'

// Cookie names cannot hold ':' (journeytag:anonymousId → journeytag_anonymousId).
const cookieName = (key: string) => key.replace(':', '_')
/** journeytag's own cookies as this page last saw or wrote them. */
const ourCookies = () => document.cookie.match(/(^|; )journeytag_[^;]*/g)?.join() ?? ''
let seenCookies = ''
const setCookie = (text: string) => ((document.cookie = text), (seenCookies = ourCookies()))
const cookies: Backend = {
  getItem: (key) => {
    const found = document.cookie.match(`(?:^|; )${cookieName(key)}=([^;]*)`)
    return found ? decodeURIComponent(found[1]!) : null
  },
  // A year, first-party, sent only to this site; Secure on https.
  setItem: (key, value) =>
    void setCookie(`${cookieName(key)}=${encodeURIComponent(value)};path=/;max-age=31536000;samesite=lax${location.protocol == 'https:' ? ';secure' : ''}`),
  removeItem: (key) => void setCookie(`${cookieName(key)}=;path=/;max-age=0;expires=Thu, 01 Jan 1970 00:00:00 GMT`),
}

/** localStorage, or undefined where reading it throws (sandboxed frames, blocked storage). */
export const local = (): Storage | undefined => quiet(() => localStorage)

/** sessionStorage, or undefined where reading it throws (per tab: the GET-form names, the collector's Retry-After). */
export const session = (): Storage | undefined => quiet(() => sessionStorage)

const backend = (): Backend | undefined => (mode == 'cookie' ? cookies : mode == 'localStorage' ? local() : undefined)

/** Chooses where values are kept (init() does this from `identityStorage`) and forgets cached copies. */
export function setStorageMode(next: StorageMode): void {
  mode = next
  cache.clear()
}

/** Forgets cached copies of journeytag's values (another tab changed them). */
export const forgetCached = (key?: string | null): void => void (key ? cache.delete(key) : cache.clear())

/** Reads a stored JSON value, or undefined when absent or unreadable. Cached. */
export function readStored<T>(key: string): T | undefined {
  // Cookies fire no storage event: another tab's change (its session, a reset()) shows as our cookies changed.
  // A value the browser refused to store (over 4 KB) changes nothing, so it stays cached.
  if (mode == 'cookie' && seenCookies != (seenCookies = quiet(ourCookies) ?? '')) cache.clear()
  if (!cache.has(key)) cache.set(key, quiet(() => parse(backend()?.getItem(key) ?? 'null') ?? undefined))
  return cache.get(key) as T | undefined
}

/** Stores a JSON value. Kept in memory when the backend refuses it (quota, blocked, 'none'). */
export function writeStored(key: string, value: unknown): void {
  cache.set(key, value)
  quiet(() => backend()?.setItem(key, stringify(value)))
}

/**
 * Removes a value from every place it may be: an opt-out or reset() can come
 * before init() chose the mode, or after the site switched modes.
 */
export function removeStored(key: string): void {
  cache.delete(key)
  for (const store of [cookies, local()]) quiet(() => store?.removeItem(key))
}

/** Sets (or with no value removes) an entry of journeytag's own in `local` or `session` storage, ignoring a full or blocked storage. */
export function setEntry(storage: () => Storage | undefined, key: string, value?: string): void {
  quiet(() => (value == null ? storage()?.removeItem(key) : storage()?.setItem(key, value)))
}
