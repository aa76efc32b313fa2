/**
 * One local HTTP server per benchmark run: serves the bundled SDK pages and
 * answers every other request (collector calls, remote-config and CDN fetches of
 * the peers) with 200, so nothing ever waits on the outside world. It also counts
 * which benchmark events arrived, whatever the SDK's wire format.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/** Every benchmark event carries a token like `jtb12x000042` (run 12, event 42): plain alphanumerics survive JSON, form and URL encoding alike. */
export const TOKEN = /jtb\d+x\d{6}/g

/** Pulls every token out of a request, trying the encodings the peers use (gzip, url-encoded forms, base64 `data=`). */
export function tokensIn(url: string, raw: Buffer, encoding?: string): string[] {
  let body = raw
  if (encoding === 'gzip' || (raw[0] === 0x1f && raw[1] === 0x8b)) {
    try {
      body = gunzipSync(raw)
    } catch {
      /* not gzip after all */
    }
  }
  const texts = [url, body.toString('utf8')]
  for (const text of [...texts]) {
    try {
      texts.push(decodeURIComponent(text.replace(/\+/g, ' ')))
    } catch {
      /* not url-encoded */
    }
    for (const [, b64] of text.matchAll(/data=([A-Za-z0-9+/=%]+)/g)) {
      try {
        texts.push(Buffer.from(decodeURIComponent(b64!), 'base64').toString('utf8'))
      } catch {
        /* not base64 */
      }
    }
  }
  return texts.flatMap((text) => text.match(TOKEN) ?? [])
}

/** Some peers read the body of the answer: give each the shape it expects. */
function answerFor(path: string): string {
  if (path.startsWith('/2/httpapi')) return '{"code":200}' // Amplitude
  if (/^\/(track|engage|groups)\b/.test(path)) return '1' // Mixpanel
  return '{}'
}

export interface BenchServer {
  origin: string
  /** Distinct tokens received with the given prefix (e.g. `jtb12x`). */
  delivered(prefix: string): number
  /** Status the journeytag collector path (/collect) answers; other paths always get 200. */
  collectStatus: number
  requests: number
  close(): Promise<void>
}

/** Starts the server; `pagesDir` holds the bundled `<sdk>.js` pages. */
export async function startServer(pagesDir: string): Promise<BenchServer> {
  const seen = new Set<string>()
  const state = { collectStatus: 200, requests: 0 }
  const server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? '/'
    const path = url.split('?')[0]!
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*')
    res.setHeader('access-control-allow-credentials', 'true')
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*')
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS')
    res.setHeader('cache-control', 'no-store')
    if (req.method === 'OPTIONS') return res.writeHead(204).end()
    const page = /^\/page\/([a-z0-9-]+)(\.html|\.js)$/.exec(path)
    if (page && req.method === 'GET') {
      // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
      res.setHeader('cross-origin-opener-policy', 'same-origin')
      res.setHeader('cross-origin-embedder-policy', 'require-corp')
      if (page[2] === '.html') {
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end(`<!doctype html><html><head><meta charset="utf-8"><title>bench ${page[1]}</title></head><body><h1>bench</h1><script src="/page/${page[1]}.js"></script></body></html>`)
      }
      return void readFile(join(pagesDir, `${page[1]}.js`)).then(
        (js) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(js),
        () => res.writeHead(404).end(),
      )
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      state.requests++
      const status = path === '/collect' ? state.collectStatus : 200
      if (status >= 200 && status < 300) {
        for (const token of tokensIn(url, Buffer.concat(chunks), req.headers['content-encoding'])) seen.add(token)
      }
      const isScript = path.endsWith('.js')
      res.writeHead(status, { 'content-type': isScript ? 'text/javascript' : 'application/json' })
      res.end(isScript ? '' : answerFor(path))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    origin: `http://127.0.0.1:${port}`,
    delivered: (prefix) => [...seen].filter((t) => t.startsWith(prefix)).length,
    get collectStatus() {
      return state.collectStatus
    },
    set collectStatus(value: number) {
      state.collectStatus = value
    },
    get requests() {
      return state.requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
