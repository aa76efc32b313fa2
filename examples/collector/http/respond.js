// @ts-check
/** Writing answers: JSON, HTML or CSV, never cached by browsers or proxies (the figures move). */

/**
 * Sends `body` with `status`: strings as HTML unless a content-type header says otherwise, anything else as JSON.
 * @example
 * send(res, 404, { error: 'no route /x' })
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const type = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json'
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(text)
}
