// @ts-check
/**
 * Which sites may send events. Browsers enforce CORS only on reading the answer,
 * and a text/plain POST needs no preflight, so the collector also refuses to
 * store a batch whose Origin is not allowed.
 */

/**
 * Whether `origin` is on the allow list: `*` allows any, `http://localhost:*` any port of that host.
 * @example
 * originAllowed('http://localhost:5173', ['http://localhost:*']) // true
 * @param {string} origin
 * @param {readonly string[]} allowed
 */
export function originAllowed(origin, allowed) {
  return allowed.some((entry) => entry === '*' || entry === origin || (entry.endsWith(':*') && origin.startsWith(entry.slice(0, -1)) && /^\d+$/.test(origin.slice(entry.length - 1))))
}

/**
 * The CORS headers for a request from `origin` (none when it is not allowed, or not a browser request).
 * @param {string | undefined} origin
 * @param {readonly string[]} allowed
 * @returns {Record<string, string>}
 */
export function corsHeaders(origin, allowed) {
  if (!origin || !originAllowed(origin, allowed)) return { vary: 'Origin' }
  return {
    vary: 'Origin',
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, content-encoding, x-write-key, authorization',
    // Without this the SDK cannot read Retry-After on a 429/503 and falls back to its own backoff.
    'access-control-expose-headers': 'retry-after',
    'access-control-max-age': '86400',
  }
}
