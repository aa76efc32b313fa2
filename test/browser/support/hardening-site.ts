/**
 * A site of test pages written inline by each hardening test, on a fresh port
 * (so a fresh origin: its own IndexedDB, localStorage and cookies). The bundle
 * is served from dist/, or from JOURNEYTAG_DIST to run the same tests against
 * another build (the runtime before issue 12, to see them fail there).
 */
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'

const DIST: string = process.env.JOURNEYTAG_DIST ?? join(import.meta.dirname, '../../../dist')

const bundles = new Map<string, Promise<Buffer>>()
/**
 * A dist file, read once per test run: a build running meanwhile (another
 * worktree user, a watcher) empties dist/ for a moment, and a page that got a
 * 404 for the bundle would fail for a reason that is not the SDK's.
 */
function distFile(name: string): Promise<Buffer> {
  if (!bundles.has(name)) {
    bundles.set(name, (async () => {
      for (let tries = 0; ; tries++) {
        try {
          const first = await readFile(join(DIST, name))
          await new Promise((r) => setTimeout(r, 100))
          const again = await readFile(join(DIST, name))
          if (first.length && first.equals(again)) return first
        } catch (error) {
          if (tries > 100) throw error
        }
        await new Promise((r) => setTimeout(r, 200))
      }
    })())
  }
  return bundles.get(name)!
}

/** A page's parts; `tag` becomes the data-* attributes of the journeytag script tag. */
export interface PageParts {
  /** Inline script run before the bundle loads (the snippet and any queued calls go here). */
  before?: string
  tag?: Record<string, string>
  /** Inline script run after the bundle has loaded (the tag is synchronous unless `async`). */
  after?: string
  body?: string
  title?: string
  async?: boolean
  /** Markup for the head before any script (a CSP <meta>). */
  head?: string
}

const escape = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')

/** The classic snippet: a function that queues its calls in `q`. */
export const QUEUE_SNIPPET = 'window.journeytag=window.journeytag||function(){(journeytag.q=journeytag.q||[]).push(arguments)}'

/** Writes a page that loads journeytag from /dist/. */
export function html(parts: PageParts): string {
  const attributes = Object.entries(parts.tag ?? {})
    .map(([key, value]) => ` ${key}="${escape(value)}"`)
    .join('')
  return `<!doctype html><html><head><meta charset="utf-8"><title>${parts.title ?? 'hardening'}</title>${parts.head ?? ''}
<script>${parts.before ?? QUEUE_SNIPPET}</script>
<script${parts.async ? ' async' : ''} src="/dist/journeytag.global.js"${attributes}></script>
${parts.after ? `<script>${parts.after}</script>` : ''}
</head><body>${parts.body ?? ''}</body></html>`
}

/** A static site whose pages the test registers; `requests` lists every path asked for. */
export async function startSite() {
  const pages = new Map<string, { body: string; type: string; delayMs: number; cacheable: boolean }>()
  const requests: string[] = []
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    requests.push(url.pathname + url.search)
    const found = pages.get(url.pathname)
    if (found) {
      if (found.delayMs) await new Promise((r) => setTimeout(r, found.delayMs))
      return res.writeHead(200, { 'content-type': found.type, 'cache-control': found.cacheable ? 'no-cache' : 'no-store' }).end(found.body)
    }
    if (url.pathname.startsWith('/dist/')) {
      try {
        const body = await distFile(url.pathname.slice('/dist/'.length).replace(/\.\./g, ''))
        // ?delay=ms: a slow CDN, so calls made before the bundle arrives can be observed.
        const delay = Number(url.searchParams.get('delay') ?? 0)
        if (delay) await new Promise((r) => setTimeout(r, delay))
        return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(body)
      } catch {}
    }
    res.writeHead(404).end('not found')
  })
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)))
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    requests,
    /**
     * Serves `body` at `path` (HTML unless `type` says otherwise), after `delayMs` if given; `no-store` unless
     * `cacheable` (Chromium keeps no-store pages out of the back/forward cache).
     */
    page(path: string, body: string, options: { type?: string; delayMs?: number; cacheable?: boolean } = {}) {
      pages.set(path, { body, type: options.type ?? 'text/html', delayMs: options.delayMs ?? 0, cacheable: !!options.cacheable })
      return `${url}${path}`
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }),
  }
}

/** What a tab reported: console errors (with their text), uncaught errors and unhandled rejections. */
export interface Watched {
  errors: string[]
  warnings: string[]
  pageErrors: string[]
}

/** Opens a tab that records console errors and uncaught page errors. */
export async function watchedTab(browser: BrowserContext): Promise<{ tab: Page } & Watched> {
  const tab = await browser.newPage()
  const watched: Watched = { errors: [], warnings: [], pageErrors: [] }
  tab.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text())
    if (message.type() === 'warning') watched.warnings.push(message.text())
  })
  tab.on('pageerror', (error) => watched.pageErrors.push(`${error.name}: ${error.message}`))
  return { tab, ...watched }
}

/** Resolves once journeytag's bundle has run in the tab. */
export const loaded = (tab: Page) => tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)

/** A port nothing listens on (connection refused), for a collector that is down; start one there later. */
export async function deadPort(): Promise<number> {
  const server = createServer()
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)))
  await new Promise((r) => server.close(r))
  return port
}

/** A collector that reads every request and never answers (a hung upstream). */
export async function startHungCollector() {
  let requests = 0
  const server = createServer((req) => {
    req.resume()
    if (req.method === 'POST') requests++
  })
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)))
  return {
    url: `http://127.0.0.1:${port}/collect`,
    requests: () => requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }),
  }
}
