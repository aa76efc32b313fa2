import { describe, expect, test } from 'vitest'
import { backoff, decide, DEFAULT_RETRY, DROP, OK, parseRetryAfter, SPLIT } from '../../src/delivery/retry'

const max = () => 0.999999
const policy = { ...DEFAULT_RETRY, delay: 100, backoffLimit: 1_000 }

describe('backoff', () => {
  test('doubles from the base delay up to the cap (upper bounds of the full-jitter window)', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoff(attempt, policy, max))).toEqual([99, 199, 399, 799, 999, 999, 999])
  })

  test('is fully jittered: anywhere from 0 to the window, never negative', () => {
    expect(backoff(3, policy, () => 0)).toBe(0)
    expect(backoff(3, policy, () => 0.5)).toBe(200)
  })
})

describe('Retry-After', () => {
  test('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000)
    expect(parseRetryAfter(' 120 ')).toBe(120_000)
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000)
  })

  test('a date in the past means now; garbage or absence means "use the backoff"', () => {
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', Date.parse('2025-01-01T00:00:00Z'))).toBe(0)
    expect(parseRetryAfter('soon')).toBeUndefined()
    // Junk V8's Date.parse would read as a date in 2001 ("retry now"): the header sent twice, a negative or cut number.
    for (const junk of ['5, 5', '-1', '60.']) expect(parseRetryAfter(junk), junk).toBeUndefined()
    // HTTP's other two date forms still count.
    expect(parseRetryAfter('Wednesday, 01-Jan-25 00:00:30 GMT', Date.parse('2025-01-01T00:00:00Z'))).toBe(30_000)
    expect(parseRetryAfter('Wed Jan  1 00:00:30 2025', new Date(2025, 0, 1).getTime())).toBe(30_000) // asctime: read as local time, as Date.parse does
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('')).toBeUndefined()
  })
})

describe('what an answer means', () => {
  test('2xx is delivered', () => {
    for (const status of [200, 202, 204]) expect(decide(status, 1, null, policy)).toEqual(OK)
  })

  test('network errors, 408, 429, 3xx and every 5xx are retried with the backoff', () => {
    for (const status of [0, 302, 408, 429, 500, 501, 502, 503, 504, 599]) {
      expect(decide(status, 2, null, policy, max)).toEqual(199)
    }
  })

  test('429 and 503 wait exactly as long as Retry-After says, even beyond the backoff cap', () => {
    expect(decide(429, 1, '3', policy)).toEqual(3_000)
    expect(decide(503, 9, '7', policy)).toEqual(7_000)
  })

  test('Retry-After on other answers is not part of the policy and is ignored', () => {
    expect(decide(500, 1, '30', policy, max)).toEqual(99)
  })

  test('413 and 400 split the batch: halves find the one event refused, so it never costs its neighbours', () => {
    expect(decide(413, 1, null, policy)).toEqual(SPLIT)
    expect(decide(400, 1, null, policy)).toEqual(SPLIT)
  })

  test('other 4xx drop the batch: retrying a refused request cannot succeed', () => {
    for (const status of [401, 403, 404, 409, 422]) expect(decide(status, 1, null, policy)).toEqual(DROP)
  })

  test('the policy is data: a 4xx listed in statusCodes is retried, afterStatusCodes choose where Retry-After counts', () => {
    const custom = { ...policy, statusCodes: [401], afterStatusCodes: [500] }
    expect(decide(401, 1, null, custom, max)).toEqual(99)
    expect(decide(429, 1, null, custom)).toEqual(DROP)
    expect(decide(500, 1, '4', custom)).toEqual(4_000)
  })
})
