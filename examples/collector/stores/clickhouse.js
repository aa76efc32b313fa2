// @ts-check
/**
 * The ClickHouse store, for tens of millions of events and, with the same schema on a
 * cluster, more than one machine (README "Production scale"). Concurrent insert() calls
 * are gathered into one INSERT (ClickHouse wants few large inserts, not one per request);
 * each call resolves once the INSERT holding its rows was acknowledged.
 *
 * One flush runs at a time, and the calls that arrive meanwhile go into the next one (a group
 * commit): each INSERT writes a new part into six tables (the events and what the views derive),
 * and ClickHouse then merges each of those into the table's newest part, rewriting about a
 * megabyte per table per INSERT (measured in system.part_log at 10 M events: about one merge per
 * table per INSERT, most of the server's CPU at 40 INSERTs/s). Fewer, larger INSERTs are the cure;
 * a quiet store still flushes a lone call at once.
 */
import { randomUUID } from 'node:crypto'
import { assembleFigures } from '../analytics/assemble.js'
import { INTERNAL_TYPES, LATEST_VISITORS, PATHS_PER_PHASE } from '../analytics/definitions.js'
import { TIMELINE_LIMIT, fromStored, identityLinks, inIdOrder, timelineEntry, toColumns } from './columns.js'
import { clickhouseClient, literal } from './clickhouse-http.js'
import { CLICKHOUSE_SCHEMA, CLICKHOUSE_SUMMARY_SCHEMA, summarySelects, versionOf } from './clickhouse-schema.js'
import { clickhouseStatements } from './clickhouse-figures.js'
import { backfillSummaries, dropOutdatedSummaries, pruneCopies, uncountRacedCopies } from './clickhouse-copies.js'

/** At most one INSERT starts per this many ms (20 per second), however many calls arrive. */
const FLUSH_MS = 50

/**
 * One stored event as a JSONEachRow line of journey_events.
 * @param {import('./store.js').StoredEvent} row
 * @param {string} [copy] which insert stored it (journey_uncounted tells copies apart by it)
 */
export function clickhouseLine(row, copy = '') {
  const c = toColumns(row)
  return JSON.stringify({
    id: c.id, type: c.type, phase: c.phase, anonymous_id: c.anonymousId, user_id: c.userId ?? '', session_id: c.sessionId, channel: c.channel,
    campaign: c.campaign, path: c.path, value_cents: c.valueCents, currency: c.currency ?? '', prop_pairs: c.propPairs, bot: c.bot,
    occurred_at: c.occurredAt, received_at: c.receivedAt, event: c.json, version: versionOf(c.receivedAt), copy,
  })
}

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
  // Stores made before the summaries existed: add the copy column, create the summaries, fill them once.
  const columns = /** @type {{ name: string }[]} */ (await ch.rows(`SELECT name FROM system.columns WHERE database = ${literal(database)} AND table = 'journey_events'`))
  if (!columns.some((c) => c.name === 'copy')) await ch.exec("ALTER TABLE journey_events ADD COLUMN copy String DEFAULT ''")
  const [summarised] = /** @type {{ n: string }[]} */ (await ch.rows(`SELECT count() AS n FROM system.tables WHERE database = ${literal(database)} AND name = 'journey_ingest'`))
  const outdated = Number(summarised?.n) ? await dropOutdatedSummaries(ch, database) : undefined
  for (const sql of CLICKHOUSE_SUMMARY_SCHEMA(internal)) await ch.exec(sql)
  if (!outdated || outdated.length) {
    try {
      await backfillSummaries(ch, internal, outdated)
    } catch (error) {
      // Half-filled summaries would look complete to the next open: drop them (and, for a first fill, the
      // ingest table that says the summaries exist) so that it fills them again.
      for (const table of outdated ?? [...Object.keys(summarySelects(internal, '')), 'journey_ingest']) {
        await ch.exec(`DROP TABLE IF EXISTS ${table}_mv`).catch(() => undefined)
        await ch.exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined)
      }
      throw error
    }
  }

  /** @type {{ rows: import('./store.js').StoredEvent[], resolve(n: number): void, reject(e: unknown): void }[]} */
  let waiting = []
  /** @type {Promise<void> | undefined} the flush running or about to start (one at a time); calls arriving meanwhile wait for the next */
  let flushing
  let lastStart = -Infinity

  function schedule() {
    if (flushing || !waiting.length) return
    // A timer even when due now: calls made in the same tick (a bulk load's) share the flush.
    const wait = Math.max(0, lastStart + FLUSH_MS - performance.now())
    flushing = new Promise((resolve) => setTimeout(resolve, wait))
      .then(flush)
      .finally(() => {
        flushing = undefined
        schedule()
      })
  }

  async function flush() {
    lastStart = performance.now()
    const calls = waiting
    waiting = []
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
      const copy = randomUUID()
      const lines = inIdOrder(fresh).map((row) => clickhouseLine(row, copy))
      if (lines.length) {
        await ch.exec('INSERT INTO journey_ingest FORMAT JSONEachRow', { body: lines.join('\n') })
        await uncountRacedCopies(ch, fresh)
        void pruneCopies(ch, database).catch(() => undefined)
      }
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
        schedule()
      })
    },
    figures: (query) => clickhouseFigures(ch, database, query),
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
      if (session) for (const sql of clickhouseStatements(query, database).segment) await ch.exec(sql, { session })
      const person = segmented
        ? ` AND sipHash64(if(uid = '', anonymous_id, uid)) IN (SELECT person FROM jt_p)`
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
      while (flushing) await flushing
    },
  }
}

/**
 * The map's figures from the summaries (clickhouse-figures.js), in one HTTP session: temporary
 * tables belong to it, and it ends with the call.
 * @param {ReturnType<typeof clickhouseClient>} ch
 * @param {string} database
 * @param {import('./store.js').FigureQuery} query
 */
async function clickhouseFigures(ch, database, query) {
  const statements = clickhouseStatements(query, database)
  const session = randomUUID()
  for (const sql of statements.setup) await ch.exec(sql, { session })
  /** @type {Record<string, any>} */
  const agg = {}
  for (const [name, sql] of Object.entries(statements.queries)) agg[name] = await ch.rows(sql, { session })
  const { data, totals } = await ch.json(statements.touchpoints, { session })
  const [sessions] = /** @type {{ n: string }[]} */ (await ch.rows(statements.sessions, { session }))
  const [visitors] = /** @type {{ n: string }[]} */ (await ch.rows('SELECT count() AS n FROM jt_p', { session }))
  const paths = /** @type {{ phase: number, steps: string[], visitors: string }[]} */ (await ch.rows(statements.paths, { session }))
  const latest = /** @type {{ person: string, linked: number, lastSeen: string, furthest: number }[]} */ (await ch.rows(statements.latest, { session }))
  // The session's tables are dropped after the answer (its memory would otherwise wait for the session timeout).
  void (async () => {
    for (const table of statements.drop) await ch.exec(`DROP TEMPORARY TABLE IF EXISTS ${table}`, { session })
  })().catch(() => undefined)

  // Hashes back to text: types, other phases and path steps from journey_names, persons from identities.
  const wanted = new Set([...data.map((r) => String(r.type_h)), ...data.map((r) => String(r.other)), ...paths.flatMap((p) => p.steps.map(String))])
  const names = new Map(/** @type {{ hash: string, text: string }[]} */ (await ch.rows(statements.names([...wanted]))).map((r) => [r.hash, r.text]))
  const texts = new Map(
    /** @type {{ hash: string, person_text: string }[]} */ (
      await ch.rows(statements.personTexts(latest.filter((l) => Number(l.linked)).map((l) => l.person), latest.filter((l) => !Number(l.linked)).map((l) => l.person)))
    ).map((r) => [r.hash, r.person_text]),
  )
  agg.totals = { visitors: visitors?.n ?? 0, sessions: sessions?.n ?? 0, events: totals?.count ?? 0 }
  agg.touchpoints = data
    .filter((r) => Number(r.phase_index) >= 0)
    .map((r) => ({ phase: r.phase_index, type: names.get(String(r.type_h)) ?? '', count: r.count, visitors: r.visitors }))
  // A phase's touchpoints are its types' counts (the per-person table keeps only which phases a person touched).
  agg.phases = agg.phases.map((/** @type {{ phase: number }} */ p) => ({
    ...p,
    events: agg.touchpoints.filter((/** @type {{ phase: number }} */ t) => Number(t.phase) === Number(p.phase)).reduce((/** @type {number} */ sum, /** @type {{ count: string }} */ t) => sum + Number(t.count), 0),
  }))
  /** @type {Map<string, number>} */
  const other = new Map()
  for (const r of data) if (Number(r.phase_index) < 0) {
    const phase = names.get(String(r.other)) ?? ''
    other.set(phase, (other.get(phase) ?? 0) + Number(r.count))
  }
  agg.otherPhases = [...other].map(([phase, events]) => ({ phase, events }))
  agg.paths = topPaths(paths.map((p) => ({ phase: Number(p.phase), steps: p.steps.map((h) => names.get(String(h)) ?? '').join('\u001f'), visitors: Number(p.visitors) })))
  agg.latest = latest
    .map((l) => {
      const visitor = texts.get(String(l.person)) ?? ''
      return { visitor, userId: Number(l.linked) ? visitor : null, lastSeen: Number(l.lastSeen), furthest: Number(l.furthest) }
    })
    .sort((a, b) => b.lastSeen - a.lastSeen || (a.visitor < b.visitor ? -1 : a.visitor > b.visitor ? 1 : 0))
    .slice(0, LATEST_VISITORS)
  return assembleFigures(/** @type {import('../analytics/assemble.js').Aggregates} */ (agg), query)
}

/**
 * The most common paths per phase, ties by text (the order every store gives).
 * @param {{ phase: number, steps: string, visitors: number }[]} paths
 */
function topPaths(paths) {
  const sorted = paths.sort((a, b) => a.phase - b.phase || b.visitors - a.visitors || (a.steps < b.steps ? -1 : a.steps > b.steps ? 1 : 0))
  return sorted.filter((p, i) => i < PATHS_PER_PHASE || sorted[i - PATHS_PER_PHASE]?.phase !== p.phase)
}
