/**
 * Whether journeytag may record. The visitor's explicit choice (consent(true/false))
 * wins; without one, opt-in mode (`requireConsent`) and the browser's Global
 * Privacy Control / Do Not Track signals (when respected) mean "not yet".
 * The choice itself is kept in localStorage whatever `identityStorage` says:
 * it holds no identifier, and an opt-out that is forgotten is not an opt-out.
 */

const KEY = 'journeytag:consent'

/** The privacy options consent depends on. */
export interface ConsentOptions {
  requireConsent: boolean
  respectDoNotTrack: boolean
  respectGlobalPrivacyControl: boolean
}

/** The visitor's stored choice: true, false, or undefined when never given. */
export function storedConsent(): boolean | undefined {
  try {
    const value = localStorage.getItem(KEY)
    return value === 'granted' ? true : value === 'denied' ? false : undefined
  } catch {
    return undefined
  }
}

/** Persists the visitor's choice. */
export function saveConsent(granted: boolean): void {
  try {
    localStorage.setItem(KEY, granted ? 'granted' : 'denied')
  } catch {
    // storage blocked: the choice holds for this page (the tracker keeps it in memory too)
  }
}

/** Whether the browser asks not to be tracked, per the options that say to respect it. */
export function browserOptsOut(options: ConsentOptions): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
  return (
    (options.respectGlobalPrivacyControl && nav.globalPrivacyControl === true) ||
    (options.respectDoNotTrack && [nav.doNotTrack, (globalThis as { doNotTrack?: string }).doNotTrack].includes('1'))
  )
}

/**
 * Whether touchpoints may be recorded now. `choice` is the explicit choice
 * (stored, or given on this page).
 * @example
 * mayTrack({ requireConsent: true, respectDoNotTrack: false, respectGlobalPrivacyControl: true }, undefined) // false
 */
export function mayTrack(options: ConsentOptions, choice = storedConsent()): boolean {
  return choice ?? !(options.requireConsent || browserOptsOut(options))
}
