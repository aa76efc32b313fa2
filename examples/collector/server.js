// @ts-check
/**
 * The reference collector: receives journeytag batches at POST /collect and
 * serves the journey map (GET / or /map) and its figures (GET /api/journey).
 * Stateless apart from its store, so several instances can share one PostgreSQL.
 */
import { createServer } from 'node:http'
import { collect } from './collect.js'
import { corsHeaders, originAllowed } from './cors.js'
import { computeJourney } from './journey.js'
import { renderMapPage } from './map-page.js'
import { parseRange } from './range.js'

/**
 * @typedef {Pick<import('./config.js').CollectorConfig, 'origins' | 'writeKey' | 'maxBodyBytes' | 'phases'>} CollectorOptions
 */

/**
 * Creates the collector's HTTP server around a store (not yet listening).
 * @example
 * const store = await openStore(config)
 * const server = createCollector(store, config)
 * server.listen(config.port, config.host)
 * @param {import('./storage/store.js').Store} store
 * @param {CollectorOptions} options
 * @returns {import('node:http').Server}
 */
export function createCollector(store, options) {
  return createServer((req, res) => {
    handle(req, res, store, options).catch((error) => {
      console.error('collector: unexpected error', error)
      if (!res.headersSent) send(res, 500, { error: 'internal error' })
    })
  })
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const type = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json'
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(text)
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('./storage/store.js').Store} store
 * @param {CollectorOptions} options
 */
async function handle(req, res, store, options) {
  const url = new URL(req.url ?? '/', 'http://collector')
  const origin = req.headers.origin

  if (url.pathname === '/collect') {
    const cors = corsHeaders(origin, options.origins)
    // A page on another site must not write into this journey, whatever CORS lets through unread.
    if (origin && !originAllowed(origin, options.origins)) return send(res, 403, { error: `origin ${origin} is not allowed` }, cors)
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end()
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' }, { ...cors, allow: 'POST, OPTIONS' })
    const answer = await collect(req, url, { store, writeKey: options.writeKey, maxBodyBytes: options.maxBodyBytes })
    /** @type {Record<string, string>} */
    const extra = answer.status === 503 ? { 'retry-after': '5' } : answer.status === 413 ? { connection: 'close' } : {}
    return send(res, answer.status, answer.body, { ...cors, ...extra })
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'use GET' }, { allow: 'GET' })
  if (url.pathname === '/health') return send(res, 200, { ok: true, events: await store.count() })
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end()

  if (url.pathname === '/api/journey' || url.pathname === '/' || url.pathname === '/map') {
    const range = parseRange(url.searchParams, Date.now())
    const isPage = url.pathname !== '/api/journey'
    if ('error' in range) {
      if (!isPage) return send(res, 400, { error: range.error })
      const fallback = parseRange(new URLSearchParams(), Date.now())
      if ('error' in fallback) throw new Error(fallback.error)
      const events = await store.events(fallback)
      return send(res, 400, renderMapPage({ figures: computeJourney(events, { phases: options.phases }), range: fallback, error: range.error }))
    }
    const events = await store.events(range)
    const figures = computeJourney(events, { phases: options.phases })
    if (isPage) return send(res, 200, renderMapPage({ figures, range, ...(range.visitor ? { events } : { recent: latestVisitors(events, 8) }) }))
    return send(res, 200, {
      range: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), ...(range.visitor ? { visitor: range.visitor } : {}) },
      ...figures,
      ...(range.visitor ? { touchpoints: events } : {}),
    })
  }
  return send(res, 404, { error: `no route ${url.pathname}` })
}

/**
 * The last `count` distinct visitors of a time-ordered event list, newest first, with their latest phase.
 * @param {import('./journey.js').JourneyEvent[]} events
 * @param {number} count
 */
function latestVisitors(events, count) {
  /** @type {Map<string, { anonymousId: string, time: number, phase: string }>} */
  const seen = new Map()
  for (let i = events.length - 1; i >= 0 && seen.size < count; i--) {
    const e = /** @type {import('./journey.js').JourneyEvent} */ (events[i])
    if (!seen.has(e.anonymousId)) seen.set(e.anonymousId, { anonymousId: e.anonymousId, time: e.time, phase: e.phase })
  }
  return [...seen.values()]
}
