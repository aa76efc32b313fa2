import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { shutdown, track } from '../../src/tracker'
import { startTracking } from '../capture/tracking'
import { saveSession, touchSession } from '../../src/context/session'
import { forgetCached, setStorageMode } from '../../src/context/storage'
import { classifyChannel } from '../../src/context/channel'

const MIN = 60_000
const direct = { channel: 'direct' }
const internal = { channel: 'internal' }

beforeEach(() => {
  localStorage.clear()
  setStorageMode('localStorage') // also forgets in-memory copies left by a test whose storage refused writes
})

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

  test('a damaged stored session (no activity time) is replaced, not kept forever', () => {
    localStorage.setItem('journeytag:session', JSON.stringify({ id: 'damaged', channel: 'direct' }))
    expect(touchSession(Date.now(), internal, 30).id).not.toBe('damaged')
  })

  test('a tab busy every 30 s still writes its activity once a minute: another tab opened later joins the visit', async () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const first = touchSession(t0, direct, 30)
    for (let step = 1; step <= 80; step++) touchSession(t0 + step * 30_000, internal, 30) // 40 minutes, no page hide
    const written = JSON.parse(localStorage.getItem('journeytag:session')!)
    expect(t0 + 40 * MIN - written.lastActivityAt).toBeLessThanOrEqual(MIN)
    // A new tab (fresh modules: no memory of this one) joins the running visit.
    vi.resetModules()
    const newTab = await import('../../src/context/session')
    expect(newTab.touchSession(t0 + 40 * MIN + 1000, internal, 30)).toMatchObject({ id: first.id, isNew: false })
  })

  test('two windows side by side, one idle with unwritten activity, the other busy: the idle one stays in the visit the busy one keeps alive', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const first = touchSession(t0, direct, 30)
    touchSession(t0 + 10_000, internal, 30) // this window's last touchpoint: under a minute after the write, kept in memory
    // The other window, busy all along, wrote the visit's activity (and this window heard of it).
    localStorage.setItem('journeytag:session', JSON.stringify({ ...JSON.parse(localStorage.getItem('journeytag:session')!), lastActivityAt: t0 + 34 * MIN }))
    forgetCached('journeytag:session')
    expect(touchSession(t0 + 35 * MIN, internal, 30)).toMatchObject({ id: first.id, isNew: false })
  })

  test('two windows side by side: hiding the idle one does not write its older activity over the later one the busy window wrote', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    touchSession(t0, direct, 30)
    touchSession(t0 + 10_000, internal, 30) // kept in memory
    const busy = { ...JSON.parse(localStorage.getItem('journeytag:session')!), lastActivityAt: t0 + 34 * MIN }
    localStorage.setItem('journeytag:session', JSON.stringify(busy))
    forgetCached('journeytag:session')
    saveSession() // the idle window is hidden
    expect(JSON.parse(localStorage.getItem('journeytag:session')!)).toEqual(busy)
  })

  test('a session survives storage that stops accepting writes: no split every touchpoint after 30 minutes', () => {
    const t0 = Date.now()
    const first = touchSession(t0, internal, 30)
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    const ids = new Set([first.id])
    for (let minute = 1; minute <= 40; minute++) ids.add(touchSession(t0 + minute * MIN, internal, 30).id)
    expect(ids.size).toBe(1)
  })

  test('a session started from an internal page (an old tab) is direct', () => {
    expect(touchSession(Date.now(), internal, 30).channel).toBe('direct')
  })

  test('an internal link with UTM parameters mid-visit (a promo banner) re-attributes the campaign, but the session is never "internal"', () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z')
    const first = touchSession(t0, { channel: 'organic_search' }, 30)
    // What a page of the site linking to another with ?utm_campaign=spring arrives as.
    expect(classifyChannel(new URLSearchParams('utm_campaign=spring'), 'https://shop.example/', 'shop.example')).toBe('internal')
    const promo = touchSession(t0 + MIN, { channel: 'internal', campaign: { name: 'spring' } }, 30)
    expect(promo).toMatchObject({ id: first.id, channel: 'direct', campaign: { name: 'spring' } })
  })
})

describe('session activity across page loads', () => {
  afterEach(() => {
    shutdown()
    vi.useRealTimers()
  })

  test('a burst of touchpoints costs one session write; the latest activity is written on page hide, for the next page to read', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const writes = vi.spyOn(localStorage, 'setItem')
    const sessionWrites = () => writes.mock.calls.filter(([key]) => key === 'journeytag:session').length
    const stored = () => JSON.parse(localStorage.getItem('journeytag:session')!)
    const t = startTracking()
    for (let i = 0; i < 10; i++) track(`step_${i}`)
    const [first] = await t.delivered()
    expect(sessionWrites()).toBe(1)
    vi.setSystemTime(Date.now() + 50_000) // under a minute later: kept in memory, not written at once
    track('later')
    const last = (await t.delivered()).at(-1)!
    expect(sessionWrites()).toBe(1)
    expect(stored().lastActivityAt).toBe(Date.parse(first!.timestamp))
    dispatchEvent(new Event('pagehide'))
    // What the next page load reads (it starts with no memory of this one): the visit's latest activity.
    expect(stored()).toMatchObject({ id: first!.sessionId, lastActivityAt: Date.parse(last.timestamp) })
  })

  test('another tab ends the visit (reset() on logout, or an opt-out) while this tab has unwritten activity: hiding this tab does not write the old session back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const t = startTracking()
    track('a')
    const [first] = await t.delivered()
    vi.setSystemTime(Date.now() + 10_000) // under a minute later: this tab's activity is kept in memory
    track('b')
    await t.delivered()
    // The other tab's reset(): the session is removed, and this tab hears of it.
    localStorage.removeItem('journeytag:session')
    dispatchEvent(new StorageEvent('storage', { key: 'journeytag:session' }))
    dispatchEvent(new Event('pagehide'))
    expect(localStorage.getItem('journeytag:session')).toBeNull()
    // This tab's next touchpoint starts a new visit, as the other tab's does.
    track('c')
    expect((await t.delivered()).at(-1)!.sessionId).not.toBe(first!.sessionId)
  })
})
