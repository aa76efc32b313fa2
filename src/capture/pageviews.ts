/**
 * Page views: the first load, then every in-app navigation of an SPA
 * (pushState; replaceState when the path changes; back/forward; hash routes
 * with `hashRouting`). One view per distinct URL: a pushState to the URL already
 * shown, or a popstate and hashchange for the same move, count once.
 */
import type { Plugin } from '../plugin'
import { onNavigate } from './navigation'
import { isNewPage } from './page-key'

/** Options of the page view capture. */
export interface PageviewOptions {
  /** Count `#/route` and `#!/route` changes as page views (hash-routed SPAs); other fragments are anchors. Default: the `hashRouting` option of init(). */
  hashRouting?: boolean
}

/**
 * Captures page views. Included automatically unless `autoPageviews: false`.
 * @example
 * init({ endpoint, autoPageviews: false, plugins: [pageviews({ hashRouting: true })] })
 */
export function pageviews(options: PageviewOptions = {}): Plugin {
  return (tracker) => {
    const hashRouting = options.hashRouting ?? tracker.hashRouting()
    let shown: URL = new URL(location.href)
    let timer: ReturnType<typeof setTimeout> | undefined
    let replaceOnly = true
    tracker.page()
    const stop = onNavigate(({ before, replace }) => {
      if (before) return
      replaceOnly &&= replace
      // Decided a tick later: routers set the title after the URL, and a redirect right after a navigation is one view.
      timer ??= setTimeout(() => {
        timer = undefined
        const now = new URL(location.href)
        const changed = isNewPage(shown, now, hashRouting, replaceOnly)
        replaceOnly = true
        if (!changed) return
        shown = now
        tracker.page()
      })
    })
    return () => {
      clearTimeout(timer)
      stop()
    }
  }
}
