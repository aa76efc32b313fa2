import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { identify, reset, shutdown, track } from '../../src/tracker'
import { setStorageMode } from '../../src/context/storage'
import { startTracking, tick } from '../capture/tracking'

const clearCookies = () => document.cookie.split(';').forEach((c) => (document.cookie = `${c.split('=')[0]!.trim()}=;path=/;max-age=0`))

beforeEach(() => {
  localStorage.clear()
  clearCookies()
  history.replaceState(null, '', '/')
})
afterEach(() => {
  shutdown()
  setStorageMode('localStorage')
})

async function visit(options: Record<string, unknown>) {
  const t = startTracking(options)
  track('x')
  const [event] = await t.delivered()
  shutdown()
  return event!
}

describe('the anonymous id', () => {
  test('persists across visits in localStorage by default', async () => {
    const first = await visit({})
    const second = await visit({})
    expect(second.anonymousId).toBe(first.anonymousId)
    expect(localStorage.getItem('journeytag:anonymousId')).toContain(first.anonymousId)
  })

  test("identityStorage: 'cookie' keeps it in a first-party cookie, not in localStorage", async () => {
    const first = await visit({ identityStorage: 'cookie' })
    const second = await visit({ identityStorage: 'cookie' })
    expect(second.anonymousId).toBe(first.anonymousId)
    expect(document.cookie).toContain('journeytag_anonymousId=')
    expect(localStorage.getItem('journeytag:anonymousId')).toBeNull()
  })

  test("with 'cookie', a reset() in another tab (no storage event for cookies) reaches this tab: its next event has a new anonymous id", async () => {
    const t = startTracking({ identityStorage: 'cookie' })
    track('before')
    const [before] = await t.delivered()
    document.cookie = 'journeytag_anonymousId=;path=/;max-age=0' // the other tab's reset()
    track('after')
    const after = (await t.delivered()).find((e) => e.type == 'after')!
    expect(after.anonymousId).not.toBe(before!.anonymousId)
  })

  test("identityStorage: 'none' stores nothing: each page load is a new visitor", async () => {
    const first = await visit({ identityStorage: 'none' })
    const second = await visit({ identityStorage: 'none' })
    expect(second.anonymousId).not.toBe(first.anonymousId)
    // Nothing of the visitor is kept: no id, session, journey state or order. (The queue's own bookkeeping,
    // such as when a tab last delivered, holds no identifier and is kept whatever identityStorage says.)
    const kept = Object.keys(localStorage)
    expect(kept.filter((key) => /anonymousId|userId|session|visitor|orders/.test(key))).toEqual([])
    const values = kept.map((key) => localStorage.getItem(key)).join('\n')
    expect(values).not.toContain(first.anonymousId)
    expect(values).not.toContain(first.sessionId)
    expect(document.cookie).toBe('')
  })

  test("with 'none', one page load still keeps one id and session", async () => {
    const t = startTracking({ identityStorage: 'none' })
    track('a')
    track('b')
    const [a, b] = await t.delivered()
    expect(b!.anonymousId).toBe(a!.anonymousId)
    expect(b!.sessionId).toBe(a!.sessionId)
  })
})

describe('identify and reset', () => {
  test('identify() links a user id to later events; reset() on logout starts a new anonymous visitor', async () => {
    const t = startTracking()
    track('before')
    identify('user-42')
    track('logged_in')
    reset()
    track('logged_out')
    const [before, , loggedIn, loggedOut] = await t.delivered()
    expect(before!.userId).toBeUndefined()
    expect(loggedIn!.userId).toBe('user-42')
    expect(loggedIn!.anonymousId).toBe(before!.anonymousId)
    expect(loggedOut!.userId).toBeUndefined()
    expect(loggedOut!.anonymousId).not.toBe(before!.anonymousId)
    expect(loggedOut!.sessionId).not.toBe(before!.sessionId)
  })
})

describe('another tab', () => {
  test('a login or logout in another tab reaches this tab through the storage event: its next events carry the new ids', async () => {
    const t = startTracking()
    track('before')
    const [before] = await t.delivered()
    // The other tab identifies the visitor; this tab hears of it as browsers tell it, with a storage event.
    localStorage.setItem('journeytag:userId', JSON.stringify('user-7'))
    dispatchEvent(new StorageEvent('storage', { key: 'journeytag:userId', newValue: JSON.stringify('user-7') }))
    track('after_login')
    await tick() // built, with the ids as they are then
    // Then it logs out: the ids are gone (storage event with no key, as for localStorage.clear()).
    localStorage.removeItem('journeytag:userId')
    localStorage.removeItem('journeytag:anonymousId')
    dispatchEvent(new StorageEvent('storage', { key: null }))
    track('after_logout')
    const [, afterLogin, afterLogout] = await t.delivered()
    expect(afterLogin).toMatchObject({ type: 'after_login', userId: 'user-7', anonymousId: before!.anonymousId })
    expect(afterLogout!.type).toBe('after_logout')
    expect(afterLogout!.userId).toBeUndefined()
    expect(afterLogout!.anonymousId).not.toBe(before!.anonymousId)
  })
})
