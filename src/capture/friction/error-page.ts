/**
 * error_page: the page is a 404, a 500... as the site marks it:
 * `<meta name="journeytag:status" content="404">`, an element with
 * `data-journeytag-status="404"`, the document's own HTTP status (Navigation
 * Timing's responseStatus, where the browser has it), or a title or selector
 * match from the options. Checked at start, once the document is parsed, and a
 * second after each in-app navigation (an SPA renders its error route late) or restore from the
 * back/forward cache; once per path.
 */
import { guard, later } from '../../log'
import type { Kit } from './shared'

/** How a site without status marks can say "this is an error page". */
export interface ErrorPageOptions {
  /** The title of error pages: a RegExp, or the source of a case-insensitive one (`"not found|404"`). */
  title?: RegExp | string
  /** A CSS selector found only on error pages (`".error-404"`). */
  selector?: string
}

/**
 * The error status a document declares, or undefined: a number when numeric, `"error"` for a title/selector match.
 * @example
 * errorStatus(document, 200, {}) // 404 with <meta name="journeytag:status" content="404">
 */
export const errorStatus = (doc: Document, http: number | undefined, { title, selector }: ErrorPageOptions): number | string | undefined => {
  const mark = doc.querySelector('meta[name="journeytag:status"],[data-journeytag-status]') as HTMLMetaElement | null
  const status =
    mark?.content ||
    mark?.dataset.journeytagStatus ||
    (http! >= 400 ? http : (title && RegExp(title, 'i').test(doc.title)) || (selector && doc.querySelector(selector)) ? 'error' : '')
  return status ? +status || status : undefined
}

export const errorPage = ({ t: track, on, n: navigated }: Kit, options: ErrorPageOptions): void => {
  // A title or selector that does not compile is one error naming it, and is left out: the site's marks still count.
  const valid: ErrorPageOptions = {}
  for (const key of ['title', 'selector'] as const) valid[key] = guard(`friction errorPage.${key}`, () => (errorStatus(new Document(), 0, { [key]: options[key] }), options[key]) as never)
  let reported: string | undefined
  // The document's HTTP status, until the first in-app navigation makes it another page's.
  let http = (performance.getEntriesByType('navigation')[0] as { responseStatus?: number } | undefined)?.responseStatus
  const check = () => {
    const status = errorStatus(document, http, valid)
    if (status && reported != (reported = location.pathname)) track('error_page', { status })
  }
  check()
  on('DOMContentLoaded', check)
  navigated.push(() => ((http = 0), later(check, 1000)))
}
