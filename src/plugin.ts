import type { Order } from './purchase'
import type { View } from './touchpoint'

/**
 * A capture plugin: called once by init() with the tracker's public surface;
 * may return a function that removes its listeners (called by shutdown()).
 * Capture modules only use this surface, never tracker internals.
 * @example
 * const clicks: Plugin = (tracker) => {
 *   const onClick = () => tracker.track('click')
 *   addEventListener('click', onClick)
 *   return () => removeEventListener('click', onClick)
 * }
 */
export type Plugin = (tracker: TrackerApi) => void | (() => void)

/** What plugins (and the script-tag global) can call. */
export interface TrackerApi {
  track(type: string, properties?: Record<string, unknown>, element?: Element): void
  /** `view`: when and where the view began, for a capture that records it later than that (see page()). */
  page(properties?: Record<string, unknown>, view?: View): void
  identify(userId: string, traits?: Record<string, unknown>): void
  flush(): Promise<void>
  purchase(order: Order): void
  /** The `hashRouting` option: whether `#/route` fragments are pages of their own. */
  hashRouting(): boolean
}
