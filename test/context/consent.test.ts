import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { consent, identify, purchase, shutdown, track } from '../../src/tracker'
import { mayTrack } from '../../src/context/consent'
import { setStorageMode } from '../../src/context/storage'
import { startTracking, tick } from '../capture/tracking'

const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
const journeytagKeys = () => Object.keys(localStorage).filter((k) => k !== 'journeytag:consent')

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
})
afterEach(() => {
  shutdown()
  vi.restoreAllMocks()
  delete nav.globalPrivacyControl
})

describe('opt-in mode (requireConsent)', () => {
  test('records nothing and stores no ids until consent(true), then records the current page', async () => {
    const t = startTracking({ requireConsent: true, autoPageviews: true })
    track('cta_clicked')
    identify('user-1')
    purchase({ orderId: 'A-1', value: 1, currency: 'EUR' })
    expect(await t.delivered()).toEqual([])
    expect(journeytagKeys()).toEqual([])
    consent(true)
    track('after')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['page_view', 'after'])
    expect(localStorage.getItem('journeytag:anonymousId')).toBeTruthy()
  })

  test('consent given on an earlier visit is remembered', async () => {
    consent(true)
    const t = startTracking({ requireConsent: true })
    track('x')
    expect(await t.delivered()).toHaveLength(1)
  })
})

describe('opt-out', () => {
  test('consent(false) stops tracking, deletes the stored ids, and is remembered on the next visit', async () => {
    const t = startTracking()
    track('before')
    await tick() // the event is built, and the visitor's ids stored, shortly after track()
    expect(localStorage.getItem('journeytag:anonymousId')).toBeTruthy()
    consent(false)
    track('after')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['before'])
    expect(journeytagKeys()).toEqual([])
    shutdown()
    const next = startTracking()
    track('next_visit')
    expect(await next.delivered()).toEqual([])
  })

  test('an opt-out given before init() also deletes ids kept in cookies', async () => {
    const t = startTracking({ identityStorage: 'cookie' })
    track('before')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['before'])
    expect(document.cookie).toContain('journeytag_anonymousId=')
    shutdown()
    setStorageMode('localStorage') // the next page: journeytag not started yet, so on its default mode
    consent(false) // from a consent banner that runs before journeytag starts
    expect(document.cookie).not.toContain('journeytag_anonymousId=')
  })

  test('where localStorage throws on access (a sandboxed frame), consent(false) still stops tracking for the page, and nothing throws', async () => {
    const t = startTracking()
    track('before')
    await tick()
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    expect(() => consent(false)).not.toThrow()
    track('after')
    identify('user-1')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['before'])
  })

  test('an explicit consent(true) wins over a browser signal', async () => {
    nav.globalPrivacyControl = true
    const t = startTracking()
    track('blocked')
    consent(true)
    track('allowed')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['allowed'])
  })

  test('consent() with something other than a boolean is a warning, not a change', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = startTracking()
    consent('no' as never)
    track('x')
    expect(await t.delivered()).toHaveLength(1)
    expect(warn).toHaveBeenCalledOnce()
  })
})

describe('browser privacy signals', () => {
  // A new options object per check, as each init() makes: the browser's signals are read once per options object.
  const options = (extra: Record<string, boolean> = {}) => ({ requireConsent: false, respectDoNotTrack: false, respectGlobalPrivacyControl: true, ...extra })

  test('Global Privacy Control is honoured by default and can be ignored', () => {
    nav.globalPrivacyControl = true
    expect(mayTrack(options(), undefined)).toBe(false)
    expect(mayTrack(options({ respectGlobalPrivacyControl: false }), undefined)).toBe(true)
  })

  test('Do Not Track is honoured only when respectDoNotTrack is set', () => {
    vi.spyOn(navigator, 'doNotTrack', 'get').mockReturnValue('1')
    expect(mayTrack(options(), undefined)).toBe(true)
    expect(mayTrack(options({ respectDoNotTrack: true }), undefined)).toBe(false)
  })

  test('with GPC on, the tracker records nothing', async () => {
    nav.globalPrivacyControl = true
    const t = startTracking({ autoPageviews: true })
    track('x')
    expect(await t.delivered()).toEqual([])
  })
})
