/** Page views: the first load (SPA navigation arrives in a later change). */
import type { Plugin } from '../plugin'

/** Options of the page view capture. */
export interface PageviewOptions {
  /** Count `#/route` changes as page views (hash-routed SPAs). Default false. */
  hashRouting?: boolean
}

/**
 * Captures page views. Included automatically unless `autoPageviews: false`.
 * @example
 * init({ endpoint, autoPageviews: false, plugins: [pageviews({ hashRouting: true })] })
 */
export function pageviews(_options: PageviewOptions = {}): Plugin {
  return (tracker) => {
    tracker.page()
  }
}
