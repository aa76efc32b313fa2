/**
 * Whether journeytag may record. The visitor's explicit choice (consent(true/false))
 * wins; without one, opt-in mode (`requireConsent`) and the browser's Global
 * Privacy Control / Do Not Track signals (when respected) mean "not yet".
 * The choice is kept in memory for the page whatever storage does, and in
 * localStorage whatever `identityStorage` says: it holds no identifier, and an
 * opt-out that is forgotten is not an opt-out.
 */
import { local, setEntry } from './storage'
import { quiet } from '../log'

const KEY = 'journeytag:consent'
/** The choice: true/false, null when none was ever given, undefined when not read yet. */
let given: boolean | null | undefined

/** The privacy options consent depends on. */
export interface ConsentOptions {
  requireConsent: boolean
  respectDoNotTrack: boolean
  respectGlobalPrivacyControl: boolean
}

/** The visitor's choice: given on this page, else stored (read once, then cached: track() reads no storage), else undefined. */
export function storedConsent(): boolean | undefined {
  if (given === undefined) {
    const value = quiet(() => local()?.getItem(KEY))
    given = value == 'granted' ? true : value == 'denied' ? false : null
  }
  return given ?? undefined
}

/** Records the visitor's choice: in memory at once, in localStorage where it can be. */
export function saveConsent(granted: boolean): void {
  given = granted
  setEntry(local, KEY, granted ? 'granted' : 'denied')
}

/** Whether the browser asks not to be tracked, per the options that say to respect it. */
export function browserOptsOut(options: ConsentOptions): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
  return !!(
    (options.respectGlobalPrivacyControl && nav.globalPrivacyControl) ||
    (options.respectDoNotTrack && [nav.doNotTrack, (window as { doNotTrack?: string }).doNotTrack].includes('1'))
  )
}

/**
 * Whether touchpoints may be recorded now.
 * @example
 * mayTrack({ requireConsent: true, respectDoNotTrack: false, respectGlobalPrivacyControl: true }) // false
 */
export function mayTrack(options: ConsentOptions, choice = storedConsent()): boolean {
  // The browser's signals do not change while a page lives: read once per options object (track() reads no navigator).
  if (!optedOut.has(options)) optedOut.set(options, options.requireConsent || browserOptsOut(options))
  return choice ?? !optedOut.get(options)
}

const optedOut = new WeakMap<ConsentOptions, boolean>()

/** Forgets the cached choice (shutdown(), or another tab changed it): the next check reads storage again. */
export const forgetConsent = (): void => void (given = undefined)
