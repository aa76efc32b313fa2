/**
 * Engagement: `outbound_click` (a link to another site) and `file_download` (a link
 * to a file, or with `download`), as Plausible counts them; and, opt-in because they
 * add events to every page view, `scroll_depth` (25/50/75/100 %, once each per page
 * view) and `engaged_time` (ms the page was visible, sent when it is hidden, left or
 * navigated away from in an SPA; sum them per page view). URLs lose query and fragment.
 */
import type { Plugin } from '../plugin'
import { quiet } from '../log'
import { listen } from './listen'
import { onNavigate } from './navigation'
import { isNewPage } from './page-key'

/** Which engagement touchpoints to capture. */
export interface EngagementOptions {
  /** `outbound_click`. Default on. */
  outboundLinks?: boolean
  /** `file_download`. Default on. */
  downloads?: boolean
  /** `scroll_depth`. Default off. */
  scrollDepth?: boolean
  /** `engaged_time`. Default off. */
  engagedTime?: boolean
}

// Plausible's list of file extensions that count as downloads.
const FILES = /\.(pdf|xlsx?|docx?|txt|rtf|csv|exe|key|pps|pptx?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpe?g|wmv|midi?|mp3|wav|wma|dmg)$/i

/**
 * The touchpoint of a click on a link, if any: a download, or a link leaving this host. `download` is the link's
 * download attribute (null without one).
 * @example
 * linkTouchpoint('https://cdn.example/guide.pdf?sig=x', 'shop.example', null) // ['file_download', { url: 'https://cdn.example/guide.pdf', extension: 'pdf' }]
 */
export function linkTouchpoint(href: string, host: string, download: string | null): [string, Record<string, string>] | undefined {
  // A link whose href is not a URL (`http://[host]`, `https://`) goes nowhere when clicked: no touchpoint, and no error of ours.
  const url = quiet(() => new URL(href, document.baseURI))
  if (!url) return
  const web = /^https?:$/.test(url.protocol)
  // An app's own export (<a download="report.csv" href="blob:…">) is a download too: its URL is only the scheme,
  // its extension the file name's (the name itself may be personal: not recorded).
  if (!web && (download == null || !/^(blob|data):$/.test(url.protocol))) return
  const file = (web && url.pathname.match(FILES)) || download?.match(FILES)
  const properties = { url: web ? url.origin + url.pathname : url.protocol }
  if (file || download != null) return ['file_download', { ...properties, extension: file ? file[1]!.toLowerCase() : '' }]
  if (url.host != host) return ['outbound_click', properties]
}

/**
 * The scroll-depth thresholds crossed going from `before` to `now` (percentages).
 * @example
 * depthsReached(20, 80) // [25, 50, 75]
 */
export const depthsReached = (before: number, now: number): number[] => [25, 50, 75, 100].filter((depth) => depth > before && depth <= now)

/**
 * Captures outbound link clicks and downloads (and, when asked, scroll depth and engaged time).
 * On in the script tag with these defaults.
 * @example
 * init({ endpoint, plugins: [engagement({ scrollDepth: true, engagedTime: true })] })
 */
export function engagement(options: EngagementOptions = {}): Plugin {
  return (tracker) => {
    const { scrollDepth, engagedTime } = options
    let depth = 0
    // When the page became visible, or 0 while hidden: each hide sends the time since, so nothing else need add up.
    let visibleSince = document.hidden ? 0 : Date.now()
    // pagehide comes while the page still counts as visible (then visibilitychange to hidden): from then on it is
    // hidden, or that visibilitychange would send a second, near-empty engaged_time. A restore shows it again.
    const sendEngaged = (event?: Event) => {
      const engaged = visibleSince && Date.now() - visibleSince
      visibleSince = document.hidden || event?.type == 'pagehide' ? 0 : Date.now()
      if (engagedTime && engaged) tracker.track('engaged_time', { engagedMs: engaged })
    }
    const onLink = (e: Event) => {
      const link = (e.target as Element).closest?.('a[href]') as HTMLAnchorElement | null
      if (!link || (e as MouseEvent).button > 1) return
      // The attribute, not `link.href`: an SVG link's href is an SVGAnimatedString.
      const found = linkTouchpoint(link.getAttribute('href')!, location.host, link.getAttribute('download'))
      if (found && options[found[0] == 'file_download' ? 'downloads' : 'outboundLinks'] !== false) tracker.track(found[0], found[1], link)
    }
    const onScroll = () => {
      const root = document.documentElement
      const now = Math.min(100, ((scrollY + innerHeight) / root.scrollHeight) * 100)
      depthsReached(depth, now).forEach((reached) => tracker.track('scroll_depth', { depth: reached }))
      depth = Math.max(depth, now)
    }
    const stops = [
      listen(document, 'click', onLink),
      listen(document, 'auxclick', onLink), // a middle click opens the link in a new tab
      // Bubble phase: the page's own scrolling only (an inner scroller's scroll events do not bubble to the document).
      scrollDepth ? listen(document, 'scroll', onScroll, false) : () => {},
      // Capture phase at the window: before the tracker's own page-hide send, so the touchpoint goes with it.
      listen(window, 'visibilitychange', sendEngaged),
      listen(window, 'pagehide', sendEngaged),
      // A page restored from the back/forward cache is a new page view (see pageviews): its depths count again.
      listen(window, 'pageshow', (event) => (event as PageTransitionEvent).persisted && (depth = 0)),
      onNavigate(({ from, to, before, replace }) => {
        if (!before || !isNewPage(from, to, tracker.hashRouting(), replace)) return
        sendEngaged()
        depth = 0
      }),
    ]
    return () => stops.forEach((stop) => stop())
  }
}
