/**
 * The page a touchpoint happens on, with sensitive query parameters removed
 * before anything is stored or sent.
 */
import type { PageContext } from '../contract/event'
import { LIMITS } from '../contract/limits'
import { quiet } from '../log'

/**
 * Query parameters stripped from every URL and referrer by default: they often
 * carry credentials or personal data (password reset links, OAuth callbacks,
 * newsletter links with the reader's email).
 */
export const DEFAULT_STRIP_PARAMS = 'email e-mail mail token access_token id_token refresh_token auth code state password pass pwd secret key api_key apikey session sessionid jsessionid sid phone tel'.split(' ')

/** Drops blocked pairs from a `?a=1&b=2` string, leaving the others exactly as written. */
function withoutParams(query: string, blocked: ReadonlySet<string>): string {
  const pairs = query.slice(1).split('&')
  // An undecodable name cannot be told apart from a blocked one, so it does not leave the page either. A link
  // HTML-escaped once too often (`?a=1&amp;email=…`, newsletter templates) names `amp;email`: that is `email`.
  const kept = pairs.filter((pair) => quiet(() => !blocked.has(decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' ')).toLowerCase().replace(/^(amp;)+/, ''))))
  return kept.length == pairs.length ? query : kept.length ? `?${kept.join('&')}` : ''
}

/**
 * The fragment when it is a hash route (`#/x`, `#!/x`) and hash routing is on;
 * '' for an anchor (`#faq`) or without hash routing.
 */
export function routeHash(hash: string, hashRouting: boolean): string {
  // A second '#' starts an anchor or a token fragment, never part of the route; a first
  // segment with '=' (`#/access_token=…`) is an OAuth response rewritten as a route, not a page.
  const route = `#${hash.slice(1).split('#')[0]}`
  return hashRouting && /^#!?\/[^=?]*(\?|$)/.test(route) ? route : ''
}

/**
 * Cleans a URL before it is stored: removes the blocked query parameters
 * (lower-case names) and path parameters (`/cart;jsessionid=…`), credentials,
 * and the fragment, which OAuth and magic-link flows fill with tokens
 * (`#access_token=…`). With hash routing a `#/route` is kept, minus blocked
 * parameters in its own query. Returns '' for ''.
 */
export function cleanUrl(href: string, blocked: ReadonlySet<string>, hashRouting = false): string {
  if (!href) return ''
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return href.split(/[?#]/)[0]! // not a URL we can parse: drop query and fragment to be safe
  }
  url.username = url.password = ''
  url.search = withoutParams(url.search, blocked)
  // A path parameter (`;name=value`, after any segment) with a blocked name goes as a query parameter does.
  url.pathname = url.pathname.replace(/;([^;/=]*)[^;/]*/g, (param, name) => (blocked.has(name.toLowerCase()) ? '' : param))
  // A route's own query is cleaned as the URL's is (from its first '?': a URL holds no line breaks for `.` to stop at).
  url.hash = routeHash(url.hash, hashRouting).replace(/\?.*/, (query) => withoutParams(query, blocked))
  return url.href.replace(/#$/, '')
}

/** The blocked-parameter set for `cleanUrl`: the defaults plus the `stripParams` option. */
export const blockedParams = (extra: readonly string[]): Set<string> => new Set([...DEFAULT_STRIP_PARAMS, ...extra].map((p) => p.toLowerCase()))

let last: { key: string; blocked: ReadonlySet<string>; page: PageContext } | undefined

/**
 * The context of the page a touchpoint was recorded on (its URL and title when
 * track() was called), cleaned and cut to the schema's limits. Memoised: the
 * touchpoints of one page share the work.
 */
export function readPage(href: string, title: string, referrer: string, blocked: ReadonlySet<string>, hashRouting: boolean): PageContext {
  const key = [href, title, referrer, hashRouting].join('\n')
  // The blocked set is part of the key: init() with other stripParams on the same page must clean with them.
  if (last?.key != key || last.blocked != blocked) {
    const url = cleanUrl(href, blocked, hashRouting)
    // A hash-routed app's path is its route (`#/pricing` → `/pricing`), so `when.path` rules match it.
    const route = routeHash(new URL(url).hash, hashRouting)
    const path = route ? route.replace(/^#!?/, '').split('?')[0]! : new URL(url).pathname
    last = {
      key,
      blocked,
      page: { url: url.slice(0, LIMITS.url), path: path.slice(0, LIMITS.path), title: title.slice(0, LIMITS.title), referrer: cleanUrl(referrer, blocked, hashRouting).slice(0, LIMITS.url) },
    }
  }
  return { ...last.page }
}
