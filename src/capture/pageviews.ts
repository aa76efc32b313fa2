/**
 * Page views: the first load, then every in-app navigation of an SPA
 * (pushState; replaceState when the path changes; back/forward; hash routes
 * with `hashRouting`), and a page restored from the back/forward cache. One view
 * per distinct URL: a pushState to the URL already shown, or a popstate and
 * hashchange for the same move, count once.
 *
 * Routers set `document.title` after the URL (in an effect, or once data has
 * loaded), so a view waits for the title to change from the previous page's and
 * then stay unchanged for `SETTLE_MS`, at most `TITLE_WAIT_MS` in all; it is
 * recorded at once when the page is hidden or the next navigation begins.
 */
import type { Plugin } from '../plugin'
import { onNavigate } from './navigation'
import { isNewPage } from './page-key'
import { listen } from './listen'

/** How long a view waits for the title the page settles on, at most. */
export const TITLE_WAIT_MS = 1_000
/** How long a new title must stay unchanged to count as the one the page settled on. */
export const SETTLE_MS = 100

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
    let shown = new URL(location.href)
    let timer: ReturnType<typeof setTimeout> | undefined
    let quiet: ReturnType<typeof setTimeout> | undefined
    let observer: MutationObserver | undefined
    /** The view waiting for its title, if any. */
    let waiting: (() => void) | undefined
    /** The title while the previous page was still shown, taken when the URL change began. */
    let titleBefore: string | undefined
    let replaceOnly = true
    tracker.page()
    /**
     * When and where the view waiting for its title began (its time and URL, and so its order among touchpoints),
     * and the last title seen while it waited: the next navigation may already have changed document.title.
     */
    let began: { at: number; href: string; title?: string } | undefined
    const record = () => {
      clearTimeout(timer)
      clearTimeout(quiet)
      observer?.disconnect()
      waiting = timer = undefined
      tracker.page(undefined, began)
    }
    const stop = [
      onNavigate(({ before, replace }) => {
        // A new navigation ends the wait of the previous view: recorded while its URL is still current
        // (pushState/replaceState tell us before the change; Back/Forward only after it).
        waiting?.()
        titleBefore ??= document.title
        if (before) return
        replaceOnly &&= replace
        // Decided a tick later: a redirect right after a navigation is one view.
        timer ??= setTimeout(() => {
          timer = undefined
          const now = new URL(location.href)
          const changed = isNewPage(shown, now, hashRouting, replaceOnly)
          const from = titleBefore
          replaceOnly = true
          titleBefore = undefined
          if (!changed) return
          shown = now
          // Until a new title is seen, the view's title is the one it still has (the previous page's).
          began = { at: Date.now(), href: location.href, title: document.title }
          waiting = record
          // Settled: changed from the previous page's title, then unchanged for SETTLE_MS (a router may pass
          // through an intermediate title, such as the document's default, on its way).
          const settle = () => {
            if (document.title == from || location.href != began!.href) return
            began!.title = document.title
            clearTimeout(quiet)
            quiet = setTimeout(record, SETTLE_MS)
          }
          observer = new MutationObserver(settle)
          observer.observe(document.head || document.documentElement, { subtree: true, childList: true, characterData: true })
          settle()
          timer = setTimeout(record, TITLE_WAIT_MS)
        })
      }),
      listen(window, 'pagehide', () => waiting?.()),
      // Back or Forward to a page kept in the back/forward cache runs no script again, but the visitor sees it anew.
      listen(window, 'pageshow', (event) => (event as PageTransitionEvent).persisted && tracker.page()),
      listen(document, 'visibilitychange', () => document.visibilityState == 'hidden' && waiting?.()),
    ]
    return () => {
      clearTimeout(timer)
      clearTimeout(quiet)
      observer?.disconnect()
      stop.forEach((off) => off())
    }
  }
}
