/**
 * js_error: an uncaught error or unhandled rejection of the page. The message is
 * cut to 200 characters with URLs' query strings and fragments removed (they may
 * carry tokens), the source file keeps only its URL's path; at most ERRORS_MAX per
 * page view. Errors whose file or stack names journeytag are left out: the SDK
 * guards its own code, so one would be a bug of ours, not the page's friction. So are
 * the browser's benign ResizeObserver loop errors, as Sentry and other SDKs filter them.
 */
import type { Kit } from './shared'

export const ERRORS_MAX = 5

/** What an `error` or `unhandledrejection` event carries. */
type ErrorLike = Partial<Pick<ErrorEvent, 'type' | 'message' | 'filename' | 'lineno' | 'error'> & Pick<PromiseRejectionEvent, 'reason'>>

// A URL's query string and fragment.
const noQuery = (text: string) => text.replace(/(\w+:\/\/[^\s?#]*)[?#]\S*/g, '$1')

/**
 * The js_error properties of an error event, or undefined for journeytag's own.
 * @example
 * errorProperties({ type: 'error', message: 'x is not defined', filename: 'https://shop.example/app.js?v=3', lineno: 12 })
 * // { kind: 'error', message: 'x is not defined', source: 'https://shop.example/app.js', line: 12 }
 */
export const errorProperties = ({ type, message, filename = '', lineno, error, reason }: ErrorLike): Record<string, unknown> | undefined => {
  const thrown = error ?? reason
  // "ResizeObserver loop completed with undelivered notifications" / "… loop limit exceeded": the browser's, benign.
  if (!/journeytag/.test(filename + thrown?.stack) && !/^ResizeObserver loop/.test(message!))
    return { kind: type, message: noQuery(String(message ?? thrown?.message ?? thrown)).slice(0, 200), source: noQuery(filename) || undefined, line: lineno || undefined }
}

export const jsError = ({ t: track, on, n: navigated }: Kit): void => {
  let count = 0
  const report = (e: Event) => {
    const properties = errorProperties(e)
    properties && count++ < ERRORS_MAX && track('js_error', properties)
  }
  navigated.push(() => (count = 0))
  // Not the capture phase: a failed <img> or <script> load is an 'error' event too, but it does not bubble to window.
  on('error', report, window, false)
  on('unhandledrejection', report, window)
}
