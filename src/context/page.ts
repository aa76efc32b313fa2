/**
 * The page a touchpoint happens on, with sensitive query parameters removed
 * before anything is stored or sent.
 */
import type { PageContext } from '../contract/event'

/**
 * Query parameters stripped from every URL and referrer by default: they often
 * carry credentials or personal data (password reset links, OAuth callbacks,
 * newsletter links with the reader's email).
 */
export const DEFAULT_STRIP_PARAMS = [
  'email', 'e-mail', 'mail', 'token', 'access_token', 'id_token', 'refresh_token', 'auth', 'code', 'state',
  'password', 'pass', 'pwd', 'secret', 'key', 'api_key', 'apikey', 'session', 'sessionid', 'sid', 'phone', 'tel',
]

/** Drops blocked pairs from a `?a=1&b=2` string, leaving the others exactly as written. */
function withoutParams(query: string, blocked: ReadonlySet<string>): string {
  const pairs = query.slice(1).split('&')
  const kept = pairs.filter((pair) => {
    const key = pair.split('=')[0]!.replace(/\+/g, ' ')
    try {
      return !blocked.has(decodeURIComponent(key).toLowerCase())
    } catch {
      return false // undecodable: cannot tell what it is, so it does not leave the page
    }
  })
  if (kept.length === pairs.length) return query
  return kept.length ? `?${kept.join('&')}` : ''
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
 * (lower-case names), and the fragment, which OAuth and magic-link flows fill
 * with tokens (`#access_token=…`). With hash routing a `#/route` is kept, minus
 * blocked parameters in its own query. Returns '' for ''.
 */
export function cleanUrl(href: string, blocked: ReadonlySet<string>, hashRouting = false): string {
  if (!href) return ''
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return href.split(/[?#]/)[0]! // not a URL we can parse: drop query and fragment to be safe
  }
  url.username = url.password = '' // credentials in a URL are never analytics
  url.search = withoutParams(url.search, blocked)
  const route = routeHash(url.hash, hashRouting)
  const queryAt = route.indexOf('?')
  url.hash = queryAt < 0 ? route : route.slice(0, queryAt) + withoutParams(route.slice(queryAt), blocked)
  return url.href.replace(/#$/, '')
}

/** The blocked-parameter set for `cleanUrl`: the defaults plus the `stripParams` option. */
export function blockedParams(extra: readonly string[]): Set<string> {
  return new Set([...DEFAULT_STRIP_PARAMS, ...extra].map((p) => p.toLowerCase()))
}

let last: { key: string; blocked: ReadonlySet<string>; page: PageContext } | undefined

/**
 * The current page's context, with `referrer` given by the caller (document.referrer
 * or the previous in-app URL). Memoised: successive touchpoints on one page reuse it.
 */
export function readPage(referrer: string, blocked: ReadonlySet<string>, hashRouting: boolean): PageContext {
  const key = `${location.href}\n${referrer}\n${document.title}\n${hashRouting}`
  if (last?.key !== key || last.blocked !== blocked) {
    const url = cleanUrl(location.href, blocked, hashRouting)
    // A hash-routed app's path is its route (`#/pricing` → `/pricing`), so `when.path` rules match it.
    const route = routeHash(new URL(url).hash, hashRouting)
    const page = { url, path: route ? route.replace(/^#!?/, '').split('?')[0]! : location.pathname, title: document.title, referrer: cleanUrl(referrer, blocked, hashRouting) }
    last = { key, blocked, page }
  }
  return { ...last.page }
}
