/** How a batch leaves the page. Replaceable with the `transport` option. */
import { gzip } from './compress'

/** One HTTP delivery attempt. */
export interface TransportRequest {
  url: string
  /** The formatted batch, as JSON text. */
  body: string
  headers: Record<string, string>
  /** True on page hide: the request must outlive the page. */
  keepalive: boolean
  /** The `compress` option: gzip the body where possible (the default transport does, except on page hide). */
  compress: boolean
  /** Aborted when the request times out (the `timeout` option): a custom transport may pass it on to its client. */
  signal?: AbortSignal
}

/** What the collector answered. Status 0 means the network failed (offline, refused, timed out). */
export interface TransportResponse {
  status: number
  /** The Retry-After header, when the collector sent one. */
  retryAfter?: string | null
}

/**
 * A sender of batches. Replace it to deliver through your own client.
 * @example
 * init({ transport: async ({ body }) => ({ status: (await myClient.post(body)).status }) })
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>

/**
 * The default transport: fetch POST, `keepalive` on page hide, gzip with
 * `compress` (not on page hide: there is no time for it), aborted with `signal`. Where a keepalive
 * fetch is refused, a CORS-simple batch goes by `sendBeacon` instead; a beacon
 * gets no answer, so its events stay queued (status 0) and may arrive twice.
 * @example
 * const { status } = await fetchTransport({ url, body, headers: {}, keepalive: false, compress: false })
 */
export const fetchTransport: Transport = async ({ url, body, headers, keepalive, compress, signal }) => {
  try {
    const gz = compress && !keepalive && (await gzip(body))
    const response = await fetch(url, {
      method: 'POST',
      body: gz || body,
      headers: gz ? { ...headers, 'content-encoding': 'gzip' } : headers,
      keepalive,
      credentials: 'omit',
      signal,
    })
    return { status: response.status, retryAfter: response.headers.get('retry-after') }
  } catch {
    // A request that timed out may have reached the collector: a beacon would only send it twice.
    if (keepalive && !signal?.aborted && Object.keys(headers).length == 1) navigator.sendBeacon?.(url, new Blob([body], { type: headers['content-type'] }))
    return { status: 0 }
  }
}
