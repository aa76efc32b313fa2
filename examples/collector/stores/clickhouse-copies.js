// @ts-check
/**
 * What keeps ClickHouse's summaries equal to the stored events: filling them once for a store
 * made before them, and subtracting the extra copies two racing collector instances stored.
 */
import { literal } from './clickhouse-http.js'
import { HOUR_MS, SUMMARY_LAYOUT, summarySelects } from './clickhouse-schema.js'

/** Events per backfill pass. */
const BACKFILL_PART_EVENTS = 2_000_000

/**
 * Fills the summaries from the events already stored (once, when a store made before them, or
 * before their current layout, is opened): the same aggregates as the materialized views, over
 * journey_events FINAL.
 * @param {ReturnType<typeof import('./clickhouse-http.js').clickhouseClient>} ch
 * @param {string} internal
 * @param {string[]} [tables] only these summaries (the ones just created again); all by default
 */
export async function backfillSummaries(ch, internal, tables) {
  const [events] = /** @type {{ n: string }[]} */ (await ch.rows('SELECT count() AS n FROM journey_events'))
  if (!Number(events?.n)) return
  // A summary's GROUP BY holds every visitor-hour of its pass in memory (10 M events in one pass need more than
  // 4 GB): the events go in parts of about 2 M, split by anonymous id, so no visitor-hour spans two parts.
  const parts = Math.max(1, Math.ceil(Number(events?.n) / BACKFILL_PART_EVENTS))
  for (const [table] of Object.entries(summarySelects(internal, ''))) {
    if (tables && !tables.includes(table)) continue
    for (let part = 0; part < parts; part++) {
      const source = `(SELECT * FROM journey_events FINAL WHERE sipHash64(anonymous_id) % ${parts} = ${part})`
      await ch.exec(`INSERT INTO ${table} ${summarySelects(internal, source)[/** @type {keyof ReturnType<typeof summarySelects>} */ (table)]}`)
    }
  }
}

/**
 * Drops the summaries (and their views) whose columns are not SUMMARY_LAYOUT's, so that they are
 * created again and filled from the events; a missing one is filled too. The others keep their rows.
 * @param {ReturnType<typeof import('./clickhouse-http.js').clickhouseClient>} ch
 * @param {string} database
 * @returns {Promise<string[]>} the summaries to fill
 */
export async function dropOutdatedSummaries(ch, database) {
  const columns = /** @type {{ table: string, name: string, type: string }[]} */ (
    await ch.rows(`SELECT table, name, type FROM system.columns WHERE database = ${literal(database)} AND table IN (${Object.keys(SUMMARY_LAYOUT).map(literal).join(', ')})`)
  )
  const outdated = Object.entries(SUMMARY_LAYOUT)
    .filter(([table, [name, type]]) => !columns.some((c) => c.table === table && c.name === name && c.type === type))
    .map(([table]) => table)
  for (const table of outdated) {
    await ch.exec(`DROP TABLE IF EXISTS ${table}_mv`)
    await ch.exec(`DROP TABLE IF EXISTS ${table}`)
  }
  return outdated
}

/**
 * Two collector instances that both found a retried batch new both stored it. After every insert,
 * the copies of its ids are looked up in journey_copies (journey_events may already have merged
 * them into one row, while the summaries counted both); all but the first copy (smallest copy id) of each event go
 * into journey_uncounted, so the figures subtract them. The instance that inserted last sees every
 * copy, so each extra copy is recorded (by one instance or both: the table de-duplicates).
 * @param {ReturnType<typeof import('./clickhouse-http.js').clickhouseClient>} ch
 * @param {import('./store.js').StoredEvent[]} rows
 */
export async function uncountRacedCopies(ch, rows) {
  for (let i = 0; i < rows.length; i += 2000) {
    const slice = rows.slice(i, i + 2000)
    const where = `anonymous_id IN (${[...new Set(slice.map((r) => r.event.anonymousId))].map(literal).join(', ')}) AND id IN (${slice.map((r) => literal(r.event.id)).join(', ')})`
    const raced = /** @type {{ id: string, first: string }[]} */ (await ch.rows(`SELECT id, min(copy) AS first FROM journey_copies WHERE ${where} GROUP BY id HAVING uniqExact(copy) > 1`))
    if (!raced.length) continue
    await ch.exec(`INSERT INTO journey_uncounted SELECT id, copy, hour, bot, anon, phase_h, type_h, currency, any(value_cents) FROM journey_copies
      WHERE ${where} AND (id, copy) NOT IN (${raced.map((r) => `(${literal(r.id)}, ${literal(r.first)})`).join(', ')}) AND id IN (${raced.map((r) => literal(r.id)).join(', ')})
      GROUP BY id, copy, hour, bot, anon, phase_h, type_h, currency`)
  }
}

/** How many hours of copies journey_copies keeps: a race lasts milliseconds, a later retry is caught by the lookup. */
const COPIES_KEPT_HOURS = 3
let lastPrune = 0

/**
 * Drops journey_copies' partitions older than COPIES_KEPT_HOURS (at most once an hour per process).
 * @param {ReturnType<typeof import('./clickhouse-http.js').clickhouseClient>} ch
 * @param {string} database
 */
export async function pruneCopies(ch, database) {
  const hour = Math.floor(Date.now() / HOUR_MS)
  if (hour === lastPrune) return
  lastPrune = hour
  const parts = /** @type {{ partition: string }[]} */ (
    await ch.rows(`SELECT DISTINCT partition FROM system.parts WHERE database = ${literal(database)} AND table = 'journey_copies' AND active`)
  )
  for (const { partition } of parts) if (Number(partition) < hour - COPIES_KEPT_HOURS) await ch.exec(`ALTER TABLE journey_copies DROP PARTITION ${Number(partition)}`)
}

