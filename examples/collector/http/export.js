// @ts-check
/**
 * GET /api/export: the raw events of a range as NDJSON or CSV, streamed from the
 * store's iterator straight to the socket. Nothing is built in memory, and the
 * writer waits for the socket to drain, so a slow download holds one chunk at a time.
 */
import { once } from 'node:events'
import { csvLine } from './csv.js'

/** The CSV columns of an exported event, and how to read each from a stored row. */
const COLUMNS = /** @type {[string, (row: ExportRow) => unknown][]} */ ([
  ['id', (r) => r.event.id],
  ['occurredAt', (r) => new Date(r.occurredAt).toISOString()],
  ['receivedAt', (r) => new Date(r.receivedAt).toISOString()],
  ['type', (r) => r.event.type],
  ['phase', (r) => r.event.phase],
  ['anonymousId', (r) => r.event.anonymousId],
  ['userId', (r) => r.event.userId],
  ['sessionId', (r) => r.event.sessionId],
  ['channel', (r) => r.event.channel],
  ['campaignSource', (r) => r.event.campaign?.source],
  ['campaignMedium', (r) => r.event.campaign?.medium],
  ['campaignName', (r) => r.event.campaign?.name],
  ['pagePath', (r) => r.event.page.path],
  ['pageUrl', (r) => r.event.page.url],
  ['properties', (r) => r.event.properties],
  ['bot', (r) => Boolean(r.bot)],
])

/** @typedef {{ event: import('../../../dist/schema.js').TouchpointEvent, occurredAt: number, receivedAt: number, bot?: boolean }} ExportRow */

/**
 * One exported line in `format`.
 * @example
 * exportLine(row, 'ndjson') // '{"event":{…},"occurredAt":…}\n'
 * @param {ExportRow} row
 * @param {'ndjson' | 'csv'} format
 */
export function exportLine(row, format) {
  if (format === 'ndjson') return `${JSON.stringify({ ...row, occurredAt: new Date(row.occurredAt).toISOString(), receivedAt: new Date(row.receivedAt).toISOString(), bot: Boolean(row.bot) })}\n`
  return csvLine(COLUMNS.map(([, read]) => read(row)))
}

/**
 * Streams `rows` to `res` in `format`, honouring backpressure. Stops reading (and closes the
 * store's cursor, through the iterator's return) when the client goes away.
 * @example
 * await streamExport(res, store.exportEvents(query), 'csv', 'events-2025-05.csv')
 * @param {import('node:http').ServerResponse} res
 * @param {AsyncIterable<ExportRow>} rows
 * @param {'ndjson' | 'csv'} format
 * @param {string} filename
 */
export async function streamExport(res, rows, format, filename) {
  res.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  })
  if (format === 'csv') res.write(csvLine(COLUMNS.map(([name]) => name)))
  for await (const row of rows) {
    if (res.destroyed) break
    if (!res.write(exportLine(row, format))) await Promise.race([once(res, 'drain'), once(res, 'close')])
  }
  res.end()
}
