// @ts-check
/**
 * The reference collector's HTTP layer: POST /collect (ingestion), the cheap
 * GET /health and /api/version, and the map with its API and exports (journey.js).
 * Ingestion and analytics share nothing but the store: /collect goes through the
 * write queue, maps through the figures cache, so a slow map never delays a batch.
 */
import { createServer } from 'node:http'
import { collect } from '../ingest/collect.js'
import { createWriteQueue } from '../ingest/queue.js'
import { corsHeaders, originAllowed } from './cors.js'
import { createFiguresCache } from './figures-cache.js'
import { journeyRoutes } from './journey.js'
import { send } from './respond.js'

/**
 * @typedef {object} CollectorOptions
 * @property {readonly string[]} origins
 * @property {string | undefined} writeKey
 * @property {number} maxBodyBytes
 * @property {readonly string[]} phases
 * @property {readonly string[]} [goal] default `['purchase', 'signup']`
 * @property {number} [queueLimit] default 200 batches
 * @property {number} [writeConcurrency] default 4
 * @property {number} [cacheMs] default 5000
 * @property {number} [mapConcurrency] default 1: on a small machine one map at a time leaves a core for ingestion
 * @property {import('../ingest/queue.js').WriteQueue} [queue] a queue made by the caller (to drain it on shutdown)
 */

/**
 * Creates the collector's HTTP server around a store (not yet listening).
 * @example
 * const store = await openStore(config)
 * const server = createCollector(store, config)
 * server.listen(config.port, config.host)
 * @param {import('../stores/store.js').Store} store
 * @param {CollectorOptions} options
 * @returns {import('node:http').Server}
 */
export function createCollector(store, options) {
  const queue = options.queue ?? createWriteQueue(store, { limit: options.queueLimit ?? 200, concurrency: options.writeConcurrency ?? 4 })
  const cache = createFiguresCache({ ttlMs: options.cacheMs ?? 5000, concurrency: options.mapConcurrency ?? 1 })
  const version = async () => `${(await store.health()).lastReceivedAt ?? 0}-${queue.version()}`
  const journey = journeyRoutes(store, cache, { phases: options.phases, goal: options.goal ?? ['purchase', 'signup'], version })

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('collector: unexpected error', error)
      if (!res.headersSent) send(res, 500, { error: 'internal error' })
      else res.destroy() // a stream broke halfway: cut it so the client sees a failed download, not a short file
    })
  })

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://collector')
    const origin = req.headers.origin

    if (url.pathname === '/collect') {
      const cors = corsHeaders(origin, options.origins)
      // A page on another site must not write into this journey, whatever CORS lets through unread.
      if (origin && !originAllowed(origin, options.origins)) return send(res, 403, { error: `origin ${origin} is not allowed` }, cors)
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end()
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' }, { ...cors, allow: 'POST, OPTIONS' })
      const answer = await collect(req, url, { queue, writeKey: options.writeKey, maxBodyBytes: options.maxBodyBytes })
      return send(res, answer.status, answer.body, { ...cors, ...answer.headers })
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'use GET' }, { allow: 'GET' })
    if (url.pathname === '/health') {
      const health = await store.health().catch((/** @type {Error} */ error) => ({ ok: false, error: error.message }))
      return send(res, health.ok ? 200 : 503, { ...health, queue: queue.depth(), maps: cache.stats() })
    }
    if (url.pathname === '/api/version') return send(res, 200, { version: await version() })
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end()
    if (await journey(req, res, url)) return undefined
    return send(res, 404, { error: `no route ${url.pathname}` })
  }
}
