/** How a batch leaves the page. Replaceable with the `transport` option. */

/** One HTTP delivery attempt. */
export interface TransportRequest {
  url: string
  body: string
  headers: Record<string, string>
  /** True on page hide: the request must outlive the page. */
  keepalive: boolean
}

/** What the collector answered. Status 0 means the network failed (offline, refused). */
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

/** The default transport: fetch POST, keepalive on page hide. */
export const fetchTransport: Transport = async ({ url, body, headers, keepalive }) => {
  try {
    const response = await fetch(url, { method: 'POST', body, headers, keepalive, credentials: 'omit' })
    return { status: response.status, retryAfter: response.headers.get('retry-after') }
  } catch {
    return { status: 0 }
  }
}
