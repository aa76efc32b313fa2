/**
 * Types of the script-tag global, `window.journeytag` (`journeytag/global`).
 * A type-only module: the bundle itself (src/global.ts) is an IIFE without exports.
 * `/// <reference types="journeytag/global" />` adds these declarations alone (the script tag on the page
 * runs the SDK); `import 'journeytag/global'` adds them and also bundles and runs the script-tag SDK.
 * @example
 * /// <reference types="journeytag/global" />
 * window.journeytag('track', 'newsletter_signup', { list: 'weekly' })
 * journeytag.identify('user-42')
 */
import type { init, track, page, identify, purchase, flush, reset, consent } from './tracker'
import type { chatOpened } from './capture/chat'
import type { getPhase, onPhase } from './phase'

/** The methods of the global, also callable by name: `journeytag.track(…)` is `journeytag('track', …)`. */
export interface JourneytagMethods {
  init: typeof init
  track: typeof track
  page: typeof page
  identify: typeof identify
  purchase: typeof purchase
  flush: typeof flush
  reset: typeof reset
  consent: typeof consent
  chatOpened: typeof chatOpened
  onPhase: typeof onPhase
  getPhase: typeof getPhase
}

/** A method of the global, by name. */
export type JourneytagMethod = keyof JourneytagMethods

/**
 * `window.journeytag`: the pre-load snippet's queueing stub until the bundle loads,
 * then the loaded tracker. Both take `journeytag('method', ...args)`.
 * @example
 * journeytag('purchase', { orderId: 'A-1001', value: 49.9, currency: 'EUR' })
 * await journeytag.flush()
 */
export interface JourneytagGlobal extends JourneytagMethods {
  (method: 'init', ...args: Parameters<typeof init>): void
  (method: 'track', ...args: Parameters<typeof track>): void
  (method: 'page', ...args: Parameters<typeof page>): void
  (method: 'identify', ...args: Parameters<typeof identify>): void
  (method: 'purchase', ...args: Parameters<typeof purchase>): void
  /** Resolves once what was queued is sent; on the pre-load stub it only queues the call. */
  (method: 'flush'): Promise<void> | void
  (method: 'reset'): void
  (method: 'consent', ...args: Parameters<typeof consent>): void
  (method: 'chatOpened', ...args: Parameters<typeof chatOpened>): void
  /** Returns the unsubscribe function once loaded; on the pre-load stub the call is only queued. */
  (method: 'onPhase', ...args: Parameters<typeof onPhase>): ReturnType<typeof onPhase> | void
  /** The current phase once loaded; on the pre-load stub, nothing: use `onPhase` to wait for it. */
  (method: 'getPhase'): ReturnType<typeof getPhase> | void
  /** Calls the pre-load snippet queued, replayed in order when the bundle loads. */
  q?: ArrayLike<IArguments | unknown[]>
  /** Set by the bundle once it has started (a second copy of the bundle then does nothing). */
  loaded?: true
}

declare global {
  /** journeytag's script-tag global (see `journeytag/global`). */
  // eslint-disable-next-line no-var -- a global declared with `var` is also `window.journeytag`
  var journeytag: JourneytagGlobal
}
