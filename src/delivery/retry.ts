/**
 * When to retry a delivery, as data and pure functions (no DOM): the queue asks
 * `decide()` what a collector answer means and waits as long as it says.
 */

/**
 * The retry policy (ky-style). Override parts of it with the `retry` option.
 * @example
 * init({ endpoint, retry: { limit: 5, backoffLimit: 30_000 } })
 */
export interface RetryPolicy {
  /** Retries after the first attempt (which always happens); once they all fail the page stops retrying on a timer and events stay queued until the collector is seen again (`online`, another tab's delivery, a new event, `flush()`, the next page). */
  limit: number
  /** The 4xx answers that are retried. Network errors, 3xx and 5xx are always retried; 400 and 413 split the batch; other 4xx drop it. */
  statusCodes: number[]
  /** Answers whose `Retry-After` header is honoured instead of the backoff. */
  afterStatusCodes: number[]
  /** Milliseconds before the first retry (the backoff doubles from here). */
  delay: number
  /** Cap of the backoff in milliseconds. */
  backoffLimit: number
}

/** The default policy: 10 retries, 1 s doubling to 60 s with full jitter. */
export const DEFAULT_RETRY: RetryPolicy = { limit: 10, statusCodes: [408, 429], afterStatusCodes: [429, 503], delay: 1_000, backoffLimit: 60_000 }

/**
 * What to do with a batch after an answer, as one number (cheaper in the bundle than objects):
 * `OK` delivered, `SPLIT` halve it, `DROP` refused for good, and any number ≥ 0 is "retry after that many ms".
 */
export type Decision = number
/** The batch was delivered. */
export const OK = -1
/** 400 or 413: halve the batch until the collector accepts it. */
export const SPLIT = -2
/** Refused for good (another 4xx): drop the batch. */
export const DROP = -3

/**
 * Full-jitter exponential backoff: a random wait in [0, min(cap, delay·2^(attempt-1))).
 * Jitter spreads the retries of many visitors so a recovering collector is not stampeded.
 * @example
 * backoff(3, DEFAULT_RETRY, () => 1) // 4000
 */
export const backoff = (attempt: number, policy: RetryPolicy, random = Math.random): number =>
  Math.floor(random() * Math.min(policy.backoffLimit, policy.delay * 2 ** Math.max(0, attempt - 1)))

/**
 * Milliseconds a `Retry-After` header asks to wait (delta-seconds or an HTTP date), or undefined when absent or unreadable.
 * @example
 * parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return
  // Only what has a time of day is read as a date: Date.parse takes junk ("5, 5", a header sent twice; "-1") for 2001.
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? +value * 1000 : /\d:\d\d:\d\d/.test(value) ? Date.parse(value) - now : NaN
  // NaN (unreadable) is the only value not equal to itself; a date in the past means now.
  return ms == ms ? Math.max(ms, 0) : undefined
}

/**
 * The wait the collector asked for: its `Retry-After`, where the policy honours it for this status; else undefined.
 * @example
 * askedWait(429, '2', DEFAULT_RETRY) // 2000
 */
export const askedWait = (status: number, retryAfter: string | null | undefined, policy: RetryPolicy): number | undefined =>
  policy.afterStatusCodes.includes(status) ? parseRetryAfter(retryAfter) : undefined

/**
 * Decides what a collector answer means. `attempt` counts consecutive failures including this one.
 * 400 and 413 split the batch: halves find the one event a collector refuses, so it never costs its neighbours.
 * @example
 * decide(503, 1, '5', DEFAULT_RETRY) // 5000: retry in 5 s
 */
export function decide(status: number, attempt: number, retryAfter: string | null | undefined, policy: RetryPolicy, random = Math.random): Decision {
  if (status >= 200 && status < 300) return OK
  if (status == 400 || status == 413) return SPLIT
  if (status >= 400 && status < 500 && !policy.statusCodes.includes(status)) return DROP
  return askedWait(status, retryAfter, policy) ?? backoff(attempt, policy, random)
}
