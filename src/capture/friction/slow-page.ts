/**
 * slow_page: Largest Contentful Paint or Interaction to Next Paint over its
 * threshold (web.dev's "poor": LCP over 4 s, INP over 500 ms), once per metric per
 * page load, measured with PerformanceObserver where the browser has the entry
 * type. LCP is sent with the first candidate over the threshold (the final LCP can
 * only be later); one interaction over the INP threshold makes the page's INP poor.
 */
import { observeEntries, type Kit } from './shared'

/** Thresholds in ms. */
export interface SlowPageOptions {
  /** Largest Contentful Paint over this is slow. Default 4000. */
  lcp?: number
  /** An interaction (click, tap, key) slower than this to paint its answer is slow. Default 500. */
  inp?: number
}

/**
 * The slow metric an entry shows, if any: `{ metric, value }` with value in ms; `shownAt` is when a prerendered page was shown.
 * @example
 * slowness({ entryType: 'event', duration: 640, interactionId: 7 }, {}) // { metric: 'inp', value: 640 }
 */
export const slowness = (
  entry: PerformanceEntry & { interactionId?: number },
  { lcp = 4000, inp = 500 }: SlowPageOptions,
  shownAt = 0,
): { metric: string; value: number } | undefined => {
  const event = entry.entryType == 'event'
  // A prerendered page's LCP counts from when it was shown (`shownAt`, its activationStart), as web-vitals counts it.
  const value = event ? entry.duration : entry.startTime - shownAt
  // Event entries without an interactionId are parts of an interaction (a pointerdown of a click), not one.
  if ((!event || entry.interactionId) && value > (event ? inp : lcp)) return { metric: event ? 'inp' : 'lcp', value: Math.round(value) }
}

export const slowPage = ({ t: track, s: stop }: Kit, options: SlowPageOptions): void => {
  const shownAt = (performance.getEntriesByType('navigation')[0] as { activationStart?: number } | undefined)?.activationStart
  // A page loaded in a background tab paints when first shown: its LCP would measure the visitor, not the page.
  for (const type of ['event', document.hidden ? '' : 'largest-contentful-paint']) {
    const off = observeEntries(
      type,
      (entries) => {
        for (const entry of entries) {
          const slow = slowness(entry, options, shownAt)
          // Once per metric: the first slow entry is the one to send.
          if (slow) return off(), track('slow_page', slow)
        }
      },
      // durationThreshold: the browser reports only interactions that slow (16 ms is its floor; without inp, its default of 104 ms).
      { buffered: true, durationThreshold: options.inp },
    )
    stop.push(off)
  }
}
