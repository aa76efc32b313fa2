/**
 * The page a touchpoint happens on, with sensitive query parameters removed
 * before anything is stored or sent.
 */
import type { PageContext } from '../event'

/**
 * Query parameters stripped from every URL and referrer by default: they often
 * carry credentials or personal data (password reset links, OAuth callbacks,
 * newsletter links with the reader's email).
 */
export const DEFAULT_STRIP_PARAMS = [
  'email', 'e-mail', 'mail', 'token', 'access_token', 'id_token', 'refresh_token', 'auth', 'code', 'state',
  'password', 'pass', 'pwd', 'secret', 'key', 'api_key', 'apikey', 'session', 'sessionid', 'sid', 'phone', 'tel',
]

/** Removes the listed query parameters (case-insensitive) from a URL; returns '' for ''. */
export function stripParams(href: string, params: readonly string[]): string {
  if (!href) return ''
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return href.split('?')[0]! // not a URL we can parse: drop the whole query to be safe
  }
  const blocked = new Set(params.map((p) => p.toLowerCase()))
  for (const key of [...url.searchParams.keys()]) {
    if (blocked.has(key.toLowerCase())) url.searchParams.delete(key)
  }
  return url.href
}

/** The current page's context, with `referrer` given by the caller (document.referrer or the previous in-app URL). */
export function readPage(referrer: string, strip: readonly string[]): PageContext {
  const url = stripParams(location.href, strip)
  return { url, path: location.pathname, title: document.title, referrer: stripParams(referrer, strip) }
}
