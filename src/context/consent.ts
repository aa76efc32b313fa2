/**
 * Whether journeytag may record. The visitor's explicit choice (consent(true/false))
 * wins; without one, opt-in mode (`requireConsent`) and the browser's Global
 * Privacy Control / Do Not Track signals (when respected) mean "not yet".
 * The choice is kept in memory for the page whatever storage does, and in
 * localStorage whatever `identityStorage` says: it holds no identifier, and an
 * opt-out that is forgotten is not an opt-out.
 */
import { local } from './storage'

const KEY = 'journeytag:consent'
let given: boolean | undefined

/** The privacy options consent depends on. */
export interface ConsentOptions {
  requireConsent: boolean
  respectDoNotTrack: boolean
  respectGlobalPrivacyControl: boolean
}

/** The visitor's choice: given on this page, else stored, else undefined. */
export function storedConsent(): boolean | undefined {
  if (given !== undefined) return given
  try {
    const value = local()?.getItem(KEY)
    return value == 'granted' ? true : value == 'denied' ? false : undefined
  } catch {}
}

/** Records the visitor's choice: in memory at once, in localStorage where it can be. */
export function saveConsent(granted: boolean): void {
  given = granted
  try {
    local()?.setItem(KEY, granted ? 'granted' : 'denied')
  } catch {}
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
  return choice ?? !(options.requireConsent || browserOptsOut(options))
}

/** Forgets the choice made on this page (shutdown(): the next init() reads storage again). */
export const forgetConsent = (): void => void (given = undefined)
