// @ts-check
/**
 * A minimal ClickHouse HTTP client: a query is a POST, the answer JSON or lines.
 * Not @clickhouse/client: it targets ClickHouse 22+ and sends settings Debian's 18.16
 * does not know; the HTTP interface itself is the same on every version since 2016.
 * No query parameters either (18.16 has none): literals go through `literal()`.
 */

/**
 * A ClickHouse string literal, escaped; numbers must be finite.
 * @param {string | number} value
 * @returns {string}
 */
export function literal(value) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`)
    return String(value)
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** A list literal `[…]` of strings. @param {readonly string[]} values */
export const list = (values) => `[${values.map(literal).join(', ')}]`

/**
 * @param {string} url `http://[user[:password]@]host:port[/database]`
 */
export function clickhouseClient(url) {
  const parsed = new URL(url)
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, '')) || 'default'
  const base = `${parsed.protocol}//${parsed.host}/`
  /** @type {Record<string, string>} */
  const auth = {}
  if (parsed.username) auth.user = decodeURIComponent(parsed.username)
  if (parsed.password) auth.password = decodeURIComponent(parsed.password)

  /**
   * Runs one statement; resolves to the response once ClickHouse answered 200.
   * @param {string} sql
   * @param {{ body?: string, session?: string, database?: string | null }} [options]
   */
  async function request(sql, { body, session, database: db = database } = {}) {
    // A session is a map being computed (its temporary tables live there): it runs at a lower
    // priority than everything else, so ClickHouse pauses its threads while an insert or a
    // lookup runs and ingestion keeps pace on a small machine (`priority`: 1 highest, 0 none).
    const params = new URLSearchParams({ ...auth, ...(db ? { database: db } : {}), ...(session ? { session_id: session, session_timeout: '120', priority: '10' } : { priority: '1' }) })
    const init = { method: 'POST', body: body === undefined ? sql : `${sql}\n${body}` }
    let response
    try {
      response = await fetch(`${base}?${params}`, init)
    } catch (error) {
      // A kept-alive connection ClickHouse closed meanwhile (keep_alive_timeout, 3 s by default):
      // retry once on a new one. Safe for inserts too: journey_events de-duplicates by id.
      const code = /** @type {{ cause?: { code?: string } }} */ (error).cause?.code
      if (!['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(code ?? '')) throw error
      response = await fetch(`${base}?${params}`, init)
    }
    if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${(await response.text()).slice(0, 500)}`)
    return response
  }

  return {
    database,
    /** @param {string} sql @param {{ body?: string, session?: string, database?: string | null }} [options] */
    async exec(sql, options) {
      await (await request(sql, options)).arrayBuffer()
    },
    /**
     * @template T
     * @param {string} sql a SELECT without FORMAT
     * @param {{ session?: string }} [options]
     * @returns {Promise<T[]>}
     */
    async rows(sql, options) {
      const text = await (await request(`${sql} FORMAT JSON`, options)).text()
      return JSON.parse(text).data
    },
    /**
     * A SELECT's rows and its WITH TOTALS row.
     * @param {string} sql
     * @param {{ session?: string }} [options]
     * @returns {Promise<{ data: Record<string, any>[], totals?: Record<string, any> }>}
     */
    async json(sql, options) {
      return JSON.parse(await (await request(`${sql} FORMAT JSON`, options)).text())
    },
    /**
     * Streams the rows of a SELECT, one object per line (JSONEachRow), never all in memory.
     * @param {string} sql
     * @param {{ session?: string }} [options]
     * @returns {AsyncGenerator<Record<string, any>>}
     */
    async *stream(sql, options) {
      const response = await request(`${sql} FORMAT JSONEachRow`, options)
      if (!response.body) return
      const decoder = new TextDecoder()
      let rest = ''
      // Node's web streams are async iterable; the DOM lib's types do not say so.
      for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
        rest += decoder.decode(chunk, { stream: true })
        const lines = rest.split('\n')
        rest = lines.pop() ?? ''
        for (const line of lines) if (line) yield JSON.parse(line)
      }
      if (rest.trim()) yield JSON.parse(rest)
    },
  }
}
