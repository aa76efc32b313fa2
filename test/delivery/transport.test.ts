import { afterEach, expect, test, vi } from 'vitest'
import { gunzipSync } from 'node:zlib'
import { fetchTransport } from '../../src/delivery/transport'

afterEach(() => vi.unstubAllGlobals())

function stubFetch(answer: () => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => (calls.push({ url, init }), answer())))
  return calls
}
const json = JSON.stringify({ schemaVersion: 1, events: [{ id: 'x' }] })
const headers = { 'content-type': 'text/plain;charset=UTF-8', 'x-write-key': 'k_1' }

test('POSTs the batch with the configured headers and no cookies, and reports status and Retry-After', async () => {
  const calls = stubFetch(() => new Response(null, { status: 503, headers: { 'retry-after': '7' } }))
  const answer = await fetchTransport({ url: 'https://c.example/e', body: json, headers, keepalive: false, compress: false })
  expect(answer).toEqual({ status: 503, retryAfter: '7' })
  expect(calls[0]).toMatchObject({ url: 'https://c.example/e', init: { method: 'POST', body: json, headers, credentials: 'omit', keepalive: false } })
})

test('compress: true sends a gzip body with content-encoding: gzip', async () => {
  const calls = stubFetch(() => new Response(null, { status: 200 }))
  await fetchTransport({ url: '/e', body: json, headers, keepalive: false, compress: true })
  const { body, headers: sent } = calls[0]!.init
  expect(sent).toEqual({ ...headers, 'content-encoding': 'gzip' })
  expect(gunzipSync(Buffer.from(await (body as Blob).arrayBuffer())).toString()).toBe(json)
})

test('on page hide the body is sent uncompressed, with keepalive', async () => {
  const calls = stubFetch(() => new Response(null, { status: 200 }))
  await fetchTransport({ url: '/e', body: json, headers, keepalive: true, compress: true })
  expect(calls[0]!.init).toMatchObject({ body: json, headers, keepalive: true })
})

test('a network error is status 0; a refused keepalive fetch of a simple request falls back to sendBeacon', async () => {
  stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
  const beacon = vi.fn(() => true)
  Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
  const simple = { 'content-type': 'text/plain;charset=UTF-8' }
  expect(await fetchTransport({ url: '/e', body: json, headers: simple, keepalive: false, compress: false })).toEqual({ status: 0 })
  expect(beacon).not.toHaveBeenCalled()
  // The beacon got no answer: the events stay queued (status 0) and are sent again later.
  expect(await fetchTransport({ url: '/e', body: json, headers: simple, keepalive: true, compress: false })).toEqual({ status: 0 })
  expect(beacon).toHaveBeenCalledTimes(1)
  // A beacon cannot carry custom headers such as a write key: no fallback then.
  await fetchTransport({ url: '/e', body: json, headers, keepalive: true, compress: false })
  expect(beacon).toHaveBeenCalledTimes(1)
})

test('the fetch is aborted with the request signal, on page hide too; an aborted request is status 0 and sends no beacon', async () => {
  // A collector that accepts the connection and never answers: only the abort ends the fetch.
  const signals: Array<AbortSignal | null | undefined> = []
  vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
    signals.push(init.signal)
    return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
  })
  const beacon = vi.fn(() => true)
  Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
  const simple = { 'content-type': 'text/plain;charset=UTF-8' }
  for (const keepalive of [false, true]) {
    const abort = new AbortController()
    const answer = fetchTransport({ url: '/e', body: json, headers: simple, keepalive, compress: false, signal: abort.signal })
    abort.abort()
    expect(await answer).toEqual({ status: 0 })
    expect(signals.at(-1)).toBe(abort.signal)
  }
  expect(beacon).not.toHaveBeenCalled()
})
