// @ts-check
/**
 * POST /collect: reads a journeytag batch (JSON, optionally gzipped), checks the
 * write key and the batch, and stores its events. Answers 2xx only once the
 * store has committed them, so the SDK can safely drop what it sent.
 */
import { timingSafeEqual } from 'node:crypto'
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { batchSchema, formatIssues } from '../../dist/schema.js'

const gunzipAsync = promisify(gunzip)

/** An answer to send: status and JSON body. */
class Refusal extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

/**
 * Whether the request carries the write key: `x-write-key` header, `Authorization: Bearer`,
 * or `?key=` (sendBeacon cannot set headers).
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
 * Reads the body, refusing with 413 as soon as it passes `limit` bytes.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new Refusal(413, `body larger than ${limit} bytes`))
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume() // discard the rest; we answer as soon as possible
        reject(new Refusal(413, `body larger than ${limit} bytes`))
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * Decodes and validates a body into a batch, or throws a Refusal saying what is wrong.
 * @param {Buffer} raw
 * @param {string | undefined} encoding the content-encoding header
 * @param {number} limit
 * @returns {Promise<import('../../dist/schema.js').Batch>}
 */
export async function parseBatch(raw, encoding, limit) {
  let body = raw
  if (encoding && encoding !== 'identity') {
    if (encoding !== 'gzip') throw new Refusal(415, `content-encoding "${encoding}" is not supported; use gzip or none`)
    try {
      // maxOutputLength bounds the inflated size: a small gzip bomb cannot fill memory.
      body = await gunzipAsync(raw, { maxOutputLength: limit })
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ERR_BUFFER_TOO_LARGE') throw new Refusal(413, `body larger than ${limit} bytes once decompressed`)
      throw new Refusal(400, 'body is not valid gzip')
    }
  }
  let json
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    throw new Refusal(400, 'body is not valid JSON')
  }
  const result = batchSchema.safeParse(json)
  if (!result.success) throw new Refusal(400, formatIssues(result.error.issues))
  return result.data
}

/**
 * The rows to store for a batch. Client clocks can be wrong: `receivedAt - sentAt` is
 * the client's offset, added to every timestamp (never past the arrival time).
 * @param {import('../../dist/schema.js').Batch} batch
 * @param {number} receivedAt
 * @returns {import('./storage/store.js').StoredEvent[]}
 */
export function toRows(batch, receivedAt) {
  const skew = receivedAt - Date.parse(batch.sentAt)
  return batch.events.map((event) => ({ event, receivedAt, occurredAt: Math.min(Date.parse(event.timestamp) + skew, receivedAt) }))
}

/**
 * Handles one POST /collect. Resolves to the status and JSON body to answer with.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {{ store: import('./storage/store.js').Store, writeKey?: string, maxBodyBytes: number }} options
 * @returns {Promise<{ status: number, body: Record<string, unknown> }>}
 */
export async function collect(req, url, { store, writeKey, maxBodyBytes }) {
  try {
    if (writeKey && !hasWriteKey(req, url, writeKey)) throw new Refusal(401, 'missing or wrong write key')
    const type = req.headers['content-type']
    if (type && !/^(text\/plain|application\/json)\b/i.test(type)) throw new Refusal(415, `content-type "${type}" is not supported; send JSON as text/plain or application/json`)
    const raw = await readBody(req, maxBodyBytes)
    const batch = await parseBatch(raw, req.headers['content-encoding'], maxBodyBytes)
    const { inserted } = await store.insert(toRows(batch, Date.now()))
    return { status: 200, body: { accepted: batch.events.length, duplicates: batch.events.length - inserted } }
  } catch (error) {
    if (error instanceof Refusal) return { status: error.status, body: { error: error.message } }
    console.error('collect: could not store the batch:', error)
    return { status: 503, body: { error: 'storage unavailable; retry later' } }
  }
}
