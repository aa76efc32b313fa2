// @ts-check
/**
 * POST /collect: checks the write key and the batch, flags bots, and hands the
 * rows to the write queue. Answers 2xx only once the store has committed them,
 * so the SDK can safely drop what it sent; 429 when the queue is full.
 */
import { timingSafeEqual } from 'node:crypto'
import { batchSchema, formatIssues } from '../../../dist/schema.js'
import { decodeJson, readBody, Refusal } from './body.js'
import { isBot } from './bots.js'

/**
 * Whether the request carries the write key: `x-write-key` header, `Authorization: Bearer`,
 * or `?key=` (sendBeacon cannot set headers).
 * @example
 * hasWriteKey(req, new URL(req.url, 'http://x'), 's3cret')
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {string} writeKey
 */
export function hasWriteKey(req, url, writeKey) {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  const given = String(req.headers['x-write-key'] ?? bearer ?? url.searchParams.get('key') ?? '')
  const a = Buffer.from(given)
  const b = Buffer.from(writeKey)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Validates parsed JSON as a batch, or throws a 400 Refusal naming every wrong
 * field (too long, unknown, missing, malformed).
 * @example
 * const batch = parseBatch(JSON.parse(body))
 * @param {unknown} json
 * @returns {import('../../../dist/schema.js').Batch}
 */
export function parseBatch(json) {
  const result = batchSchema.safeParse(json)
  if (!result.success) throw new Refusal(400, formatIssues(result.error.issues))
  return result.data
}

/**
 * The rows to store for a batch. Client clocks can be wrong: `receivedAt - sentAt` is
 * the client's offset, added to every timestamp (never past the arrival time).
 * Timestamps may carry an offset (`+02:00`); they are stored as instants.
 * @example
 * toRows(batch, Date.now(), false)
 * @param {import('../../../dist/schema.js').Batch} batch
 * @param {number} receivedAt
 * @param {boolean} bot whether the request came from a known bot (see bots.js)
 * @returns {import('../stores/store.js').StoredEvent[]}
 */
export function toRows(batch, receivedAt, bot) {
  const skew = receivedAt - Date.parse(batch.sentAt)
  return batch.events.map((event) => ({ event, receivedAt, bot, occurredAt: Math.min(Date.parse(event.timestamp) + skew, receivedAt) }))
}

/**
 * Handles one POST /collect. Resolves to the status, JSON body and extra headers to answer with.
 * @example
 * const answer = await collect(req, url, { queue, writeKey: undefined, maxBodyBytes: 1 << 20 })
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {{ queue: import('./queue.js').WriteQueue, writeKey?: string, maxBodyBytes: number }} options
 * @returns {Promise<{ status: number, body: Record<string, unknown>, headers: Record<string, string> }>}
 */
export async function collect(req, url, { queue, writeKey, maxBodyBytes }) {
  const busy = () => new Refusal(429, 'the collector is busy; retry after the time in Retry-After', { 'retry-after': String(queue.retryAfterSeconds()) })
  try {
    if (writeKey && !hasWriteKey(req, url, writeKey)) throw new Refusal(401, 'missing or wrong write key')
    const type = req.headers['content-type']
    if (type && !/^(text\/plain|application\/json)\b/i.test(type)) throw new Refusal(415, `content-type "${type}" is not supported; send JSON as text/plain or application/json`)
    // Refused before the body is read or parsed: a full queue must cost the collector nothing.
    if (queue.full()) {
      req.resume()
      throw busy()
    }
    const batch = parseBatch(await decodeJson(await readBody(req, maxBodyBytes), req.headers['content-encoding'], maxBodyBytes))
    const written = queue.offer(toRows(batch, Date.now(), isBot(req.headers['user-agent'])))
    if (!written) throw busy()
    const { inserted } = await written
    return { status: 200, body: { accepted: batch.events.length, duplicates: batch.events.length - inserted }, headers: {} }
  } catch (error) {
    if (error instanceof Refusal) return { status: error.status, body: { error: error.message }, headers: error.headers }
    console.error('collect: could not store the batch:', error)
    return { status: 503, body: { error: 'storage unavailable; retry later' }, headers: { 'retry-after': '5' } }
  }
}
