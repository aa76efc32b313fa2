#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: the whole journeytag loop on one machine.
 * - the reference collector (SQLite in .data/, or PostgreSQL with DATABASE_URL) on :8787,
 *   with the journey map at /map;
 * - the demo shop (examples/shop) on :8788, tracked by the script tag served from /dist;
 * - synthetic journeys seeded on first run, so the map is not empty.
 *
 * Environment: PORT (collector, 8787), DEMO_PORT (shop, 8788), JOURNEYTAG_DB, DATABASE_URL,
 * CLICKHOUSE_URL, JOURNEYTAG_WRITE_KEY. Flags: --no-seed.
 */
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { parseConfig } from './collector/config.js'
import { startCollector } from './collector/main.js'
import { generateJourneys, postEvents } from '../scripts/seed-demo.mjs'

const ROOT = join(import.meta.dirname, '..')
const TYPES = /** @type {Record<string, string>} */ ({ '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' })
/** The collector address written in the example pages; replaced when the demo runs elsewhere. */
const PAGE_ENDPOINT = 'http://127.0.0.1:8787/collect'
/** How long /slow/* files wait before they are sent: past LCP's "poor" 4 s, so the product photo makes a slow_page. */
const SLOW_MS = 4500

/** Maps a URL path to a file: /dist/* and /examples/* from the repository, everything else from the shop. */
function fileFor(/** @type {string} */ pathname) {
  const path = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '')
  const clean = (path.endsWith('/') ? `${path}index.html` : path).replace(/^[/\\]slow(?=[/\\])/, '')
  if (clean.startsWith('/dist/') || clean.startsWith('/examples/')) return join(ROOT, clean)
  return join(ROOT, 'examples/shop', clean)
}

/**
 * Serves the shop (and /dist, /examples) on `port`, pointing its pages at `endpoint`.
 * @param {number} port
 * @param {string} endpoint
 */
async function startSite(port, endpoint) {
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://site').pathname
    if (pathname === '/favicon.ico') return res.writeHead(204).end()
    if (pathname.startsWith('/slow/')) await new Promise((resolve) => setTimeout(resolve, SLOW_MS))
    const file = fileFor(pathname)
    const send = async (/** @type {number} */ status, /** @type {string} */ path) => {
      let body = await readFile(path)
      if (path.endsWith('.html') && endpoint !== PAGE_ENDPOINT) body = Buffer.from(body.toString().replaceAll(PAGE_ENDPOINT, endpoint))
      res.writeHead(status, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body)
    }
    try {
      await send(200, file)
    } catch {
      // A missing page gets the shop's tracked 404 page (it marks itself for journeytag's error_page); other files plain text.
      if (!res.headersSent && /(\.html|\/[^./]*)$/.test(pathname)) await send(404, join(ROOT, 'examples/shop/404.html')).catch(() => res.writeHead(404).end())
      else if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(undefined))
  })
  return server
}

/**
 * Starts the demo: collector, shop, and (when the database is empty) the seed.
 * Port 0 picks free ports (tests).
 * @example
 * const demo = await startDemo({ sitePort: 0, collectorPort: 0, dbPath: ':memory:', seed: false })
 * @param {{ sitePort?: number, collectorPort?: number, dbPath?: string, databaseUrl?: string, writeKey?: string, seed?: boolean, visitors?: number }} [options]
 */
export async function startDemo(options = {}) {
  const env = process.env
  const sitePort = options.sitePort ?? Number(env.DEMO_PORT ?? 8788)
  // The collector must know the shop's origin before it starts, so reserve the shop's port first.
  const placeholder = await startSite(sitePort, PAGE_ENDPOINT)
  const siteOrigin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (placeholder.address()).port}`
  const config = parseConfig([], {
    ...env,
    PORT: String(options.collectorPort ?? env.PORT ?? 8787),
    JOURNEYTAG_ORIGINS: `${siteOrigin},${siteOrigin.replace('127.0.0.1', 'localhost')}`,
    ...(options.dbPath ? { JOURNEYTAG_DB: options.dbPath } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.writeKey ? { JOURNEYTAG_WRITE_KEY: options.writeKey } : {}),
  })
  let collector
  try {
    collector = await startCollector(config)
  } catch (error) {
    placeholder.close()
    throw error
  }
  const endpoint = `${collector.url}/collect${config.writeKey ? `?key=${encodeURIComponent(config.writeKey)}` : ''}`
  placeholder.close()
  const site = await startSite(Number(new URL(siteOrigin).port), endpoint)

  let seeded = 0
  if (options.seed !== false && (await collector.store.health()).lastReceivedAt === null) {
    const events = generateJourneys({ visitors: options.visitors ?? 3000 })
    await postEvents(`${collector.url}/collect`, events, { writeKey: config.writeKey })
    seeded = events.length
  }
  return {
    siteUrl: siteOrigin,
    campaignUrl: `${siteOrigin}/?utm_source=instagram&utm_medium=paid_social&utm_campaign=spring-mugs`,
    collectorUrl: collector.url,
    mapUrl: `${collector.url}/map`,
    store: collector.store,
    seeded,
    where: config.clickhouseUrl ? 'ClickHouse (CLICKHOUSE_URL)' : config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dbPath,
    async close() {
      site.closeAllConnections()
      await new Promise((resolve) => site.close(() => resolve(undefined)))
      await collector.close()
    },
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const demo = await startDemo({ seed: !process.argv.includes('--no-seed') })
    console.log(`
journeytag demo is running${demo.seeded ? ` (seeded ${demo.seeded} synthetic events on first run)` : ''}

  Shop, from a campaign link:  ${demo.campaignUrl}
  Journey map:                 ${demo.mapUrl}
  Collector endpoint:          ${demo.collectorUrl}/collect   (storing in ${demo.where})
  Journey figures as JSON:     ${demo.collectorUrl}/api/journey?range=7d

Click through the shop (mugs → add to cart → pay → account → refer a friend), then watch
your visit on the map. More synthetic visitors: npm run demo:seed.  Stop: Ctrl+C.
`)
    const stop = () => demo.close().then(() => process.exit(0))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code
    console.error(code === 'EADDRINUSE' ? `journeytag demo: a port is taken (${/** @type {Error} */ (error).message}); set PORT / DEMO_PORT` : error)
    process.exit(1)
  }
}
