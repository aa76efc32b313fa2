import { beforeEach, describe, expect, test } from 'vitest'
import { touchSession } from '../../src/context/session'

const MIN = 60_000
const direct = { channel: 'direct' }
const internal = { channel: 'internal' }

beforeEach(() => localStorage.clear())

describe('sessions', () => {
  test('activity within the timeout keeps one session; after it a new one starts', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const first = touchSession(t0, direct, 30)
    expect(first.isNew).toBe(true)
    expect(touchSession(t0 + 29 * MIN, internal, 30).id).toBe(first.id)
    expect(touchSession(t0 + 58 * MIN, internal, 30).id).toBe(first.id) // inactivity counts from the last touchpoint
    const later = touchSession(t0 + 89 * MIN, internal, 30)
    expect(later.id).not.toBe(first.id)
    expect(later.isNew).toBe(true)
  })

  test('a visit across midnight is not split', () => {
    const before = touchSession(Date.parse('2026-03-01T23:50:00'), direct, 30)
    expect(touchSession(Date.parse('2026-03-02T00:10:00'), internal, 30).id).toBe(before.id)
  })

  test('the timeout is configurable', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const first = touchSession(t0, direct, 60)
    expect(touchSession(t0 + 45 * MIN, internal, 60).id).toBe(first.id)
  })

  test('a new campaign mid-visit re-attributes the session, keeping its id', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const first = touchSession(t0, { channel: 'organic_search' }, 30)
    const campaign = { source: 'newsletter', medium: 'email', name: 'spring' }
    const next = touchSession(t0 + 5 * MIN, { channel: 'email', campaign }, 30)
    expect(next).toMatchObject({ id: first.id, channel: 'email', campaign, isNew: false })
    expect(touchSession(t0 + 6 * MIN, internal, 30)).toMatchObject({ channel: 'email', campaign })
    expect(touchSession(t0 + 7 * MIN, direct, 30).channel).toBe('email') // typing the URL again is not a new source
  })

  test('coming back from a payment provider mid-checkout keeps the campaign of the visit', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const campaign = { source: 'google', medium: 'cpc', name: 'winter' }
    const first = touchSession(t0, { channel: 'paid_search', campaign }, 30)
    const back = touchSession(t0 + 3 * MIN, { channel: 'referral' }, 30)
    expect(back).toMatchObject({ id: first.id, channel: 'paid_search', campaign })
  })

  test('a session started from an internal page (an old tab) is direct', () => {
    expect(touchSession(Date.now(), internal, 30).channel).toBe('direct')
  })
})
