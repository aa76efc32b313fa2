/**
 * What "another page" means, shared by the page view and form captures so a
 * page view and a form abandon never disagree about it.
 */
import { routeHash } from '../context/page'

/**
 * The page a URL shows: its path, plus the fragment when that is a hash route.
 * A fragment is a route only with `hashRouting` and when it looks like one
 * (`#/x`, `#!/x`); any other fragment (`#faq`) is an anchor on the same page.
 * The query, a hash route's too, is left out: it may carry personal data, and not every query change is a new page.
 * @example
 * pageKey(new URL('https://a.example/app#/settings'), true) // '/app#/settings'
 * pageKey(new URL('https://a.example/docs#faq'), true) // '/docs'
 */
export function pageKey(url: URL, hashRouting: boolean): string {
  return url.pathname + routeHash(url.hash, hashRouting).split('?')[0]
}

/**
 * Whether a move from one URL to another shows another page: the page key changed,
 * or the query (a hash route's too) did through a real navigation (replaceState alone is a filter update).
 * @example
 * isNewPage(new URL('https://a.example/?p=1'), new URL('https://a.example/?p=2'), false, true) // false
 */
export function isNewPage(from: URL, to: URL, hashRouting: boolean, replaceOnly: boolean): boolean {
  return (
    pageKey(from, hashRouting) != pageKey(to, hashRouting) ||
    (!replaceOnly && (from.search != to.search || routeHash(from.hash, hashRouting) != routeHash(to.hash, hashRouting)))
  )
}
