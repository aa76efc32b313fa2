// @ts-check
/**
 * Reading a /collect body: bounded in size before and after gunzip, so neither a
 * huge upload nor a small gzip bomb can fill the collector's memory.
 */
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'

const gunzipAsync = promisify(gunzip)

/** A refusal to send back: the HTTP status and a message naming what is wrong. */
export class Refusal extends Error {
  /** @param {number} status @param {string} message @param {Record<string, string>} [headers] */
  constructor(status, message, headers = {}) {
    super(message)
    this.status = status
    this.headers = headers
  }
}

/**
 * Reads the body, refusing with 413 as soon as it passes `limit` bytes.
 * @example
 * const raw = await readBody(req, 1024 * 1024)
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new Refusal(413, `body larger than ${limit} bytes`, { connection: 'close' }))
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume() // discard the rest; we answer as soon as possible
        reject(new Refusal(413, `body larger than ${limit} bytes`, { connection: 'close' }))
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * Decodes a body (identity or gzip) and parses it as JSON, or throws a Refusal.
 * @example
 * const json = await decodeJson(raw, req.headers['content-encoding'], 1024 * 1024)
 * @param {Buffer} raw
 * @param {string | undefined} encoding the content-encoding header
 * @param {number} limit largest inflated size
 * @returns {Promise<unknown>}
 */
export async function decodeJson(raw, encoding, limit) {
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
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new Refusal(400, 'body is not valid JSON')
  }
}
