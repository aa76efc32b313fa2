/**
 * Real HTTP servers on 127.0.0.1 for browser tests: a static site (the repo's
 * examples/ and dist/) and a collector on another port, so delivery is cross-origin
 * exactly as on a customer's site.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Batch } from '../../../src/contract/event'

const ROOT = join(import.meta.dirname, '../../..')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css' }

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
}

/** Serves files under the repository root (examples/, dist/) at http://127.0.0.1:port/. */
export async function startStaticServer(
  options: { rewrite?: Record<string, string> } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    if (req.url === '/favicon.ico') return res.writeHead(204).end()
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(ROOT, path.endsWith('/') ? `${path}index.html` : path)
    try {
      let body: Buffer | string = await readFile(file)
      // Example pages name the demo collector's address; tests point them at their own collector.
      if (options.rewrite && /\.(html|json)$/.test(file)) {
        for (const [from, to] of Object.entries(options.rewrite)) body = body.toString().replaceAll(from, to)
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  const port = await listen(server)
  // closeAllConnections: Chromium keeps connections alive, and close() alone would wait for them to time out.
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()) }) }
}

/** One request the collector received. */
export interface Received {
  at: number
  headers: IncomingMessage['headers']
  batch: Batch
}

/**
 * Decides the collector's answer to the index-th request (0-based, every attempt counted): a status (and headers,
 * and a delay before answering: a slow collector), or 'drop' to destroy the socket.
 */
export type Responder = (request: Received, index: number) => { status: number; headers?: Record<string, string>; delayMs?: number } | 'drop'

/**
 * A collector with fault injection. `respond` picks the answer to each batch
 * (default 200); `received` lists every batch in arrival order.
 */
export async function startCollector(options: { port?: number; respond?: Responder } = {}) {
  const received: Received[] = []
  const attempts: Received[] = []
  let respond: Responder = options.respond ?? (() => ({ status: 200 }))
  const cors = (res: ServerResponse, req: IncomingMessage) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*')
    res.setHeader('access-control-allow-headers', 'content-type, content-encoding, x-write-key, authorization')
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS')
    // Without this the page cannot read Retry-After on a cross-origin answer.
    res.setHeader('access-control-expose-headers', 'retry-after')
  }
  const server = createServer((req, res) => {
    cors(res, req)
    if (req.method === 'OPTIONS') return res.writeHead(204).end()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      let raw = Buffer.concat(chunks)
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw)
      let batch: Batch
      try {
        batch = JSON.parse(raw.toString('utf8'))
      } catch {
        return res.writeHead(400).end('invalid JSON')
      }
      const request = { at: Date.now(), headers: req.headers, batch }
      attempts.push(request)
      const answer = respond(request, attempts.length - 1)
      if (answer === 'drop') return req.socket.destroy()
      if (answer.status >= 200 && answer.status < 300) received.push(request)
      // A page that gave up waiting (aborted, left) has closed the connection: nothing to answer then.
      setTimeout(() => req.socket.destroyed || res.writeHead(answer.status, answer.headers).end(), answer.delayMs ?? 0)
    })
  })
  const port = await listen(server, options.port)
  return {
    url: `http://127.0.0.1:${port}/collect`,
    port,
    received,
    /** Every batch that reached the collector, whatever it answered. */
    attempts,
    /** Every event accepted so far, in arrival order. */
    events: () => received.flatMap((r) => r.batch.events),
    setResponder(next: Responder) {
      respond = next
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }),
  }
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
