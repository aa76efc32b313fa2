/**
 * Pure decisions about what is queued: how events are kept, which ones the caps
 * drop, and how many fit in one request.
 */
import type { TouchpointEvent } from '../contract/event'

/** A queued event as stored in IndexedDB (keyed by event id). */
export interface Queued {
  e: TouchpointEvent
  /** When it was queued (ms): the caps' age and, with `s`, the delivery order. */
  t: number
  /** Per-tab sequence number: keeps the order of events queued in the same millisecond. */
  s: number
  /** Its serialized size in bytes. */
  n: number
}

/** A single event above this serialized size is rejected: it would block every batch it is in. */
export const MAX_EVENT_BYTES = 32 * 1024
/** Byte limit of one request. */
export const MAX_BATCH_BYTES = 500 * 1024
/** Byte limit on page hide: browsers cap keepalive and beacon bodies at 64 KB in total. */
export const MAX_HIDE_BYTES = 60 * 1024
/** Room left per event and per request for the envelope and a format's extra fields. */
const OVERHEAD = 256

/**
 * UTF-8 size of a string.
 * @example
 * byteLength('é') // 2
 */
export const byteLength = (text: string): number => new TextEncoder().encode(text).length

/**
 * Oldest first: the order events were queued in, across tabs by time.
 * @example
 * records.sort(byAge)
 */
export const byAge = (a: Queued, b: Queued): number => a.t - b.t || a.s - b.s

/**
 * Splits sorted records into those kept and those the caps drop: too old, then the oldest beyond `maxSize`.
 * @example
 * const { keep, drop } = applyCaps(records, 1000, 7 * 864e5, Date.now())
 */
export function applyCaps(sorted: Queued[], maxSize: number, maxAge: number, now: number): { keep: Queued[]; drop: Queued[] } {
  const fresh = sorted.filter((r) => now - r.t <= maxAge)
  const over = Math.max(0, fresh.length - maxSize)
  return { keep: fresh.slice(over), drop: sorted.filter((r) => now - r.t > maxAge).concat(fresh.slice(0, over)) }
}

/**
 * The longest prefix of `records` of at most `maxCount` events and (estimated) `maxBytes`; never empty when records are.
 * @example
 * take(records, 20, MAX_BATCH_BYTES)
 */
export function take(records: Queued[], maxCount: number, maxBytes: number): Queued[] {
  let bytes = OVERHEAD
  let count = 0
  for (const r of records) {
    bytes += r.n + OVERHEAD
    if (count >= maxCount || (count && bytes > maxBytes)) break
    count++
  }
  return records.slice(0, count)
}
