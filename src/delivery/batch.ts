/**
 * Pure decisions about what is queued: how events are kept, which ones the caps
 * drop, and how many fit in one request.
 */
import { quiet } from '../log'

/** A queued event: its id and wire JSON, when it was queued (ms), a per-tab sequence number, and its size in bytes. */
export interface Queued {
  id: string
  j: string
  t: number
  s: number
  n: number
}

/**
 * The records in a value read back from storage (`read` gives it); what another script (or a damaged copy) left instead
 * is no records, and throws nothing.
 * @example
 * const records = readRecords(() => JSON.parse(text))
 */
export const readRecords = (read: () => unknown): Queued[] => quiet(() => (read() as Queued[]).filter((r) => typeof r?.j == 'string')) || []

/** Byte limit of one request. */
export const MAX_BATCH_BYTES = 500 * 1024
/** Byte limit on page hide: browsers cap keepalive and beacon bodies at 64 KB in total. */
export const MAX_HIDE_BYTES = 60 * 1024
/** Room left per request for the envelope and a format's extra fields. */
const OVERHEAD = 256

/**
 * UTF-8 size of a string; plain ASCII (most events) is counted without encoding it.
 * @example
 * byteLength('é') // 2
 */
export const byteLength = (text: string): number => (/^[\0-\x7f]*$/.test(text) ? text.length : new TextEncoder().encode(text).length)

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
 * The longest prefix of `records` of at most `maxCount` events and `maxBytes`; never empty when records are.
 * @example
 * take(records, 20, MAX_BATCH_BYTES)
 */
export function take(records: Queued[], maxCount: number, maxBytes: number): Queued[] {
  let bytes = OVERHEAD
  let count = 0
  for (const r of records) {
    bytes += r.n + 1
    if (count >= maxCount || (count && bytes > maxBytes)) break
    count++
  }
  return records.slice(0, count)
}
