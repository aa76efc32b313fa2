// @ts-check
/**
 * The ClickHouse store, for tens of millions of events and, with the same schema on a
 * cluster, more than one machine (README "Production scale"). Concurrent insert() calls
 * are gathered into one INSERT (ClickHouse wants few large inserts, not one per request);
 * each call resolves once the INSERT holding its rows was acknowledged.
 */
import { randomUUID } from 'node:crypto'
import { assembleFigures } from '../analytics/assemble.js'
import { INTERNAL_TYPES } from '../analytics/definitions.js'
import { TIMELINE_LIMIT, fromStored, identityLinks, inIdOrder, timelineEntry, toColumns } from './columns.js'
import { clickhouseClient, literal } from './clickhouse-http.js'
import { CLICKHOUSE_SCHEMA, versionOf } from './clickhouse-schema.js'
import { clickhouseStatements } from './clickhouse-figures.js'

/** Gather insert() calls for at most this long, or until this many rows wait. */
const FLUSH_MS = 20
const FLUSH_ROWS = 20_000

/**
 * Connects to ClickHouse's HTTP interface and creates the database and tables when missing.
 * @example
 * const store = await openClickhouseStore('http://127.0.0.1:8123/journeytag')
 * @param {string} url `http://[user[:password]@]host:8123[/database]`
 * @returns {Promise<import('./store.js').Store>}
 */
export async function openClickhouseStore(url) {
  const ch = clickhouseClient(url)
  const database = ch.database.replace(/\W/g, '')
  if (database !== ch.database) throw new Error(`ClickHouse database name "${ch.database}": use letters, digits and _`)
  if (database !== 'default') await ch.exec(`CREATE DATABASE IF NOT EXISTS ${database}`, { database: null })
  for (const sql of CLICKHOUSE_SCHEMA) await ch.exec(sql)
  const internal = INTERNAL_TYPES.map(literal).join(', ')

  /** @type {{ rows: import('./store.js').StoredEvent[], resolve(n: number): void, reject(e: unknown): void }[]} */
  let waiting = []
  let waitingRows = 0
  /** @type {NodeJS.Timeout | undefined} */
  let timer

  async function flush() {
    clearTimeout(timer)
    timer = undefined
    const calls = waiting
    waiting = []
    waitingRows = 0
    try {
      const all = calls.flatMap((c) => c.rows)
      // Ids already stored are skipped here (a lookup on the sorting key); a duplicate that
      // slips through a race is removed by FINAL at read time and by the next merge.
      const known = new Set()
      for (let i = 0; i < all.length; i += 2000) {
        const slice = all.slice(i, i + 2000)
        const anonymous = [...new Set(slice.map((r) => r.event.anonymousId))]
        const found = await ch.rows(`SELECT id FROM journey_events WHERE anonymous_id IN (${anonymous.map(literal).join(', ')}) AND id IN (${slice.map((r) => literal(r.event.id)).join(', ')})`)
        for (const { id } of /** @type {{ id: string }[]} */ (found)) known.add(id)
      }
      /** @type {import('./store.js').StoredEvent[]} */
      const fresh = []
      const counts = calls.map((call) => {
        let n = 0
        for (const row of call.rows) {
          if (known.has(row.event.id)) continue
          known.add(row.event.id)
          fresh.push(row)
          n++
        }
        return n
      })
      const lines = inIdOrder(fresh).map((row) => {
        const c = toColumns(row)
        return JSON.stringify({
          id: c.id, type: c.type, phase: c.phase, anonymous_id: c.anonymousId, user_id: c.userId ?? '', session_id: c.sessionId, channel: c.channel,
          campaign: c.campaign, path: c.path, value_cents: c.valueCents, currency: c.currency ?? '', prop_pairs: c.propPairs, bot: c.bot,
          occurred_at: c.occurredAt, received_at: c.receivedAt, event: c.json, version: versionOf(c.receivedAt),
        })
      })
      if (lines.length) await ch.exec('INSERT INTO journey_events FORMAT JSONEachRow', { body: lines.join('\n') })
      const links = identityLinks(all)
      if (links.length) {
        await ch.exec('INSERT INTO journey_identities FORMAT JSONEachRow', { body: links.map((l) => JSON.stringify({ anonymous_id: l.anonymousId, user_id: l.userId, linked_at: l.linkedAt })).join('\n') })
      }
      calls.forEach((call, i) => call.resolve(/** @type {number} */ (counts[i])))
    } catch (error) {
      for (const call of calls) call.reject(error)
    }
  }

  return {
    engine: 'clickhouse',
    insert(rows) {
      return new Promise((resolve, reject) => {
        waiting.push({ rows, resolve: (inserted) => resolve({ inserted }), reject })
        waitingRows += rows.length
        if (waitingRows >= FLUSH_ROWS) void flush()
        else timer ??= setTimeout(flush, FLUSH_MS)
      })
    },
    async figures(query) {
      const { setup, touchpoints, queries } = clickhouseStatements(query, database)
      // Temporary tables belong to an HTTP session: one per call, dropped at the end.
      const session = randomUUID()
      for (const sql of setup) await ch.exec(sql, { session })
      /** @type {Record<string, unknown>} */
      const agg = {}
      for (const [name, sql] of Object.entries(queries)) agg[name] = await ch.rows(sql, { session })
      const { data, totals } = await ch.json(touchpoints, { session })
      const [visitors] = /** @type {{ n: string }[]} */ (await ch.rows('SELECT count() AS n FROM jt_p', { session }))
      agg.totals = { visitors: visitors?.n ?? 0, sessions: totals?.sessions ?? 0, events: totals?.count ?? 0 }
      agg.touchpoints = data.filter((r) => Number(r.phase_index) >= 0).map((r) => ({ ...r, phase: r.phase_index }))
      /** @type {Map<string, number>} */
      const other = new Map()
      for (const r of data) if (Number(r.phase_index) < 0) other.set(r.other, (other.get(r.other) ?? 0) + Number(r.count))
      agg.otherPhases = [...other].map(([phase, events]) => ({ phase, events }))
      for (const table of ['jt_p', 'jt_pp', 'jt_d', 'jt_r']) await ch.exec(`DROP TEMPORARY TABLE IF EXISTS ${table}`, { session })
      return assembleFigures(/** @type {import('../analytics/assemble.js').Aggregates} */ (agg), query)
    },
    async visitor(id, { from, to, limit = TIMELINE_LIMIT, includeBots = false }) {
      const links = '(SELECT anonymous_id, argMin(user_id, linked_at) AS uid FROM journey_identities GROUP BY anonymous_id)'
      const byUser = /** @type {{ anonymous_id: string }[]} */ (await ch.rows(`SELECT anonymous_id FROM ${links} WHERE uid = ${literal(id)} ORDER BY anonymous_id`))
      const own = byUser.length ? [] : /** @type {{ uid: string }[]} */ (await ch.rows(`SELECT uid FROM ${links} WHERE anonymous_id = ${literal(id)}`))
      const userId = byUser.length ? id : own[0]?.uid || null
      const anonymousIds = byUser.length
        ? byUser.map((r) => r.anonymous_id)
        : userId
          ? /** @type {{ anonymous_id: string }[]} */ (await ch.rows(`SELECT anonymous_id FROM ${links} WHERE uid = ${literal(userId)} ORDER BY anonymous_id`)).map((r) => r.anonymous_id)
          : [id]
      const rows = /** @type {{ json: string, occurredAt: string, bot: number }[]} */ (
        await ch.rows(`SELECT event AS json, occurred_at AS occurredAt, bot FROM journey_events FINAL
          WHERE anonymous_id IN (${anonymousIds.map(literal).join(', ')}) AND occurred_at >= ${literal(from)} AND occurred_at < ${literal(to)}
            AND bot <= ${includeBots ? 1 : 0} AND type NOT IN (${internal})
          ORDER BY occurred_at, id LIMIT ${Math.floor(limit) + 1}`)
      )
      if (!rows.length) return null
      return { visitor: userId ?? id, userId, anonymousIds, touchpoints: rows.slice(0, limit).map(timelineEntry), truncated: rows.length > limit }
    },
    async *exportEvents(query) {
      const { from, to, includeBots = false, filters = {} } = query
      const segmented = Boolean(filters.channel || filters.campaign || filters.firstChannel || filters.property || filters.type)
      // A segment is the figures' per-person table (its HAVING is the filter), built in this export's session.
      const session = segmented ? randomUUID() : undefined
      if (session) await ch.exec(/** @type {string} */ (clickhouseStatements(query, database).setup[0]), { session })
      const person = segmented
        ? ` AND if(uid = '', anonymous_id, uid) IN (SELECT person FROM jt_p)`
        : ''
      const sql = `SELECT event AS json, occurred_at AS occurredAt, received_at AS receivedAt, bot FROM (
          SELECT event, occurred_at, received_at, bot, id, anonymous_id FROM ${database}.journey_events FINAL
          WHERE occurred_at >= ${literal(from)} AND occurred_at < ${literal(to)} AND bot <= ${includeBots ? 1 : 0}
        ) ANY LEFT JOIN (SELECT anonymous_id, argMin(user_id, linked_at) AS uid FROM ${database}.journey_identities GROUP BY anonymous_id) USING anonymous_id
        WHERE 1${person} ORDER BY occurred_at, id`
      for await (const row of ch.stream(sql, session ? { session } : {})) yield fromStored(/** @type {any} */ (row))
    },
    async health() {
      const [row] = /** @type {{ last: string }[]} */ (await ch.rows('SELECT max(received_at) AS last FROM journey_events'))
      return { ok: true, engine: 'clickhouse', lastReceivedAt: row && Number(row.last) > 0 ? Number(row.last) : null }
    },
    async close() {
      if (waiting.length) await flush()
    },
  }
}
