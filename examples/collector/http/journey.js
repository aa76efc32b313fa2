// @ts-check
/**
 * The analytics routes: GET /map (the page), /api/journey (its figures as JSON),
 * /api/journey.csv?table= (one figure table as CSV) and /api/export (raw events,
 * streamed). Figures come from the store through the figures cache.
 */
import { tableCsv } from './csv.js'
import { mapTables } from './tables.js'
import { streamExport } from './export.js'
import { cacheKey, parseMapRequest } from './query.js'
import { send } from './respond.js'
import { renderMapPage } from '../page/map-page.js'

/**
 * What a request is answered with; `version` is the ingest version the figures were computed at
 * (read before computing them, so the page refreshes when anything newer arrived).
 * @typedef {{ request: import('./query.js').MapRequest, goal: readonly string[], version: string, figures?: import('../stores/store.js').JourneyFigures,
 *   segments?: (import('../stores/store.js').JourneyFigures & { label: string })[], visitor?: import('../stores/store.js').VisitorTimeline | null }} MapAnswer
 */

/**
 * The analytics route handler: resolves to true when it answered the request.
 * @example
 * const journey = journeyRoutes(store, cache, { phases, goal, version })
 * if (await journey(req, res, url)) return
 * @param {import('../stores/store.js').Store} store
 * @param {import('./figures-cache.js').FiguresCache<{ version: string, figures: import('../stores/store.js').JourneyFigures }>} cache
 * @param {{ phases: readonly string[], goal: readonly string[], version: () => Promise<string> }} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<boolean>}
 */
export function journeyRoutes(store, cache, { phases, goal, version }) {
  /**
   * The store query of a request, for one set of filters.
   * @param {import('./query.js').MapRequest} request
   * @param {import('./query.js').Filters} filters
   */
  const storeQuery = (request, filters) => ({ from: request.from, to: request.to, phases, goal: request.goal ?? goal, filters, includeBots: request.includeBots })

  /**
   * The figures for one set of filters, through the cache.
   * @param {import('./query.js').MapRequest} request
   * @param {import('./query.js').Filters} filters
   */
  const figuresFor = async (request, filters) => {
    const at = await version()
    return cache.get(cacheKey({ ...request, filters, segments: [] }), at, async () => ({ version: at, figures: await store.figures(storeQuery(request, filters)) }))
  }

  /** Everything a page or API answer shows for a request. @param {import('./query.js').MapRequest} request @returns {Promise<MapAnswer>} */
  async function answer(request) {
    const used = request.goal ?? goal
    if (request.visitor) {
      const at = await version()
      return { request, goal: used, version: at, visitor: await store.visitor(request.visitor, { from: request.from, to: request.to, includeBots: true }) }
    }
    if (request.segments.length) {
      const results = await Promise.all(request.segments.map((s) => figuresFor(request, s.filters)))
      const segments = results.map((r, i) => ({ label: /** @type {{ label: string }} */ (request.segments[i]).label, ...r.figures }))
      // Computed at different versions, one of them is behind: a version that matches none makes the page refresh.
      const same = results.every((r) => r.version === results[0]?.version)
      return { request, goal: used, version: same ? (results[0]?.version ?? '') : 'mixed', segments }
    }
    const { version: at, figures } = await figuresFor(request, request.filters)
    return { request, goal: used, version: at, figures }
  }

  return async (req, res, url) => {
    const path = url.pathname
    const isPage = path === '/' || path === '/map'
    if (!isPage && path !== '/api/journey' && path !== '/api/journey.csv' && path !== '/api/export') return false
    const parsed = parseMapRequest(url.searchParams, Date.now())

    if ('error' in parsed) {
      if (!isPage) return send(res, 400, { error: parsed.error }), true
      const fallback = /** @type {import('./query.js').MapRequest} */ (parseMapRequest(new URLSearchParams(), Date.now()))
      return send(res, 400, renderMapPage({ ...(await answer(fallback)), phases, error: parsed.error })), true
    }

    if (path === '/api/export') {
      const format = url.searchParams.get('format') ?? 'ndjson'
      if (format !== 'ndjson' && format !== 'csv') return send(res, 400, { error: `format: expected ndjson or csv, got "${format}"` }), true
      if (req.method === 'HEAD') return res.writeHead(200, { 'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8' }).end(), true
      const name = `journeytag-events-${new Date(parsed.from).toISOString().slice(0, 10)}-${new Date(parsed.to).toISOString().slice(0, 10)}.${format}`
      await streamExport(res, store.exportEvents(storeQuery(parsed, parsed.filters)), format, name)
      return true
    }

    const result = await answer(parsed)
    if (isPage) return send(res, 200, renderMapPage({ ...result, phases })), true

    if (path === '/api/journey.csv') {
      const figures = result.figures ?? result.segments?.[0]
      const table = url.searchParams.get('table') ?? 'phases'
      const tables = figures ? mapTables(figures) : {}
      if (!(table in tables)) return send(res, 400, { error: `table: expected one of ${Object.keys(tables).join(', ')}, got "${table}"` }), true
      const rows = result.segments
        ? result.segments.flatMap((s) => (mapTables(s)[table] ?? []).map((row) => ({ segment: s.label, ...row })))
        : /** @type {Record<string, unknown>[]} */ (tables[table])
      const csv = tableCsv(rows)
      send(res, 200, csv, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="journeytag-${table}.csv"` })
      return true
    }

    const range = { from: new Date(parsed.from).toISOString(), to: new Date(parsed.to).toISOString(), preset: parsed.preset }
    const common = { range, filters: parsed.filters, includeBots: parsed.includeBots }
    if (result.visitor !== undefined) {
      if (!result.visitor) return send(res, 404, { error: `no touchpoints of visitor "${parsed.visitor}" in this range` }), true
      return send(res, 200, { ...common, visitor: result.visitor }), true
    }
    return send(res, 200, result.segments ? { ...common, segments: result.segments } : { ...common, ...result.figures }), true
  }
}
