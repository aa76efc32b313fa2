// @ts-check
/**
 * The storage interface ingestion writes to and the journey map reads from.
 * Three engines: sqlite.js (one file, one process; the default), postgres.js
 * (shared by any number of collector instances) and clickhouse.js (columnar,
 * for tens of millions of events and a cluster). `openStore()` picks one.
 *
 * A store answers questions with aggregates: `figures()` computes the whole map
 * in the database (SQL), it never hands raw events to the collector. The
 * definitions of every figure live once, in ../analytics/ (DEFINITIONS, and the
 * pure reference `referenceFigures()` the SQL is tested against).
 */

/**
 * One accepted event as ingestion hands it to the store.
 * @typedef {object} StoredEvent
 * @property {import('../../../dist/schema.js').TouchpointEvent} event the validated event
 * @property {number} occurredAt the event's timestamp corrected for client clock skew (ms since epoch)
 * @property {number} receivedAt when the collector received its batch (ms since epoch)
 * @property {boolean} bot whether the batch came from a known bot or headless user agent (computed by ingest)
 */

/**
 * Which visitors and touchpoints a question is about. Filters select *visitors*
 * (a segment): a visitor is in the segment when at least one of their touchpoints
 * in the range matches; then all their touchpoints in the range count.
 * @typedef {object} FigureQuery
 * @property {number} from inclusive, ms since epoch
 * @property {number} to exclusive, ms since epoch
 * @property {readonly string[]} phases the journey phases in order (the map's columns)
 * @property {readonly string[]} [goal] touchpoint types that count as converting (default `['purchase', 'signup']`)
 * @property {SegmentFilters} [filters]
 * @property {boolean} [includeBots] count touchpoints flagged `bot` too (default false)
 */

/**
 * @typedef {object} SegmentFilters
 * @property {string} [channel] visitors with a touchpoint from this channel
 * @property {string} [campaign] visitors with a touchpoint of this `campaign.name`
 * @property {string} [firstChannel] visitors whose first touchpoint (in the range) came from this channel
 * @property {string} [type] visitors with a touchpoint of this type (`form_abandon`)
 * @property {{ name: string, value: string }} [property] visitors with a touchpoint whose `properties[name]`
 *   (a string, or a number compared as its JSON text) equals `value`
 */

/**
 * A distribution of durations over visitors, quantiles by nearest rank
 * (the smallest value with at least p of the values at or below it).
 * @typedef {object} Distribution
 * @property {number} visitors how many visitors it is computed over
 * @property {number | null} p25 ms
 * @property {number | null} p50 ms
 * @property {number | null} p90 ms
 * @property {{ upToMs: number | null, visitors: number }[]} histogram fixed buckets (analytics/definitions.js
 *   HISTOGRAM_BOUNDS): visitors with a duration below `upToMs` and at or above the previous bound; `null` = no upper bound
 */

/** @typedef {{ currency: string, amount: number, purchases: number }} Revenue purchase `properties.value` summed per `properties.currency` (amount rounded to cents) */
/** @typedef {{ type: string, count: number, visitors: number }} TouchpointFigure */

/**
 * @typedef {object} PhaseFigure
 * @property {string} name
 * @property {number} events touchpoints in this phase
 * @property {number} visitors visitors with a touchpoint in this phase
 * @property {number} reached visitors whose furthest phase is this one or a later one
 * @property {number | null} conversion reached ÷ reached of the previous phase (null for the first phase or 0 before)
 * @property {number} stopped visitors whose furthest phase is this one
 * @property {number} stoppedBeforeGoal of those, visitors who did not reach the goal (the leak)
 * @property {number | null} dropOffRate stoppedBeforeGoal ÷ reached
 * @property {number} afterGoal converted visitors with a touchpoint in this phase after their first goal touchpoint
 * @property {TouchpointFigure[]} touchpoints by count, most first
 * @property {number} formStarts visitors who started a form in this phase
 * @property {number} formAbandons visitors who started and abandoned a form in this phase and did not reach the goal
 * @property {number | null} abandonRate formAbandons ÷ formStarts
 * @property {Distribution | null} toNext first touchpoint here → first in the next phase (null for the last phase)
 * @property {Revenue[]} revenue purchases recorded in this phase
 */

/**
 * The whole journey map, as `figures()` returns it and `/api/journey` serves it.
 * @typedef {object} JourneyFigures
 * @property {{ visitors: number, sessions: number, events: number }} totals
 * @property {{ types: string[], visitors: number, rate: number | null, timeToGoal: Distribution, revenue: Revenue[] }} goal
 *   visitors who converted, their share of all visitors, first touchpoint → first goal touchpoint, all revenue
 * @property {PhaseFigure[]} phases in journey order
 * @property {{ kind: 'form_abandon' | 'drop_off', phase: string, visitors: number, rate: number | null, worst: boolean }[]} friction
 *   form abandons by phase, then drop-offs by rate, highest first; the highest drop-off is `worst` (the biggest leak)
 * @property {{ channel: string, visitors: number, converted: number, conversion: number | null, revenue: Revenue[] }[]} channels
 *   by each visitor's first channel in the range, most visitors first
 * @property {{ campaign: string, visitors: number, converted: number, conversion: number | null, revenue: Revenue[] }[]} campaigns
 *   by each visitor's first campaign name in the range
 * @property {{ unit: 'day' | 'week', buckets: { start: string, phases: number[] }[] }} trend visitors whose first
 *   touchpoint (in the range) in each phase fell in the bucket, `phases[i]` for phase i; UTC days, or ISO weeks beyond 62 days
 * @property {{ phase: string, visitors: number, paths: { steps: string[], visitors: number }[] }[]} dropOffs for each
 *   phase, the last three touchpoints (`type path`) of visitors who stopped there before the goal, top five sequences
 * @property {{ phase: string, events: number }[]} otherPhases touchpoints in phases outside the phase list
 * @property {{ visitor: string, userId: string | null, lastSeen: number, furthestPhase: string | null }[]} latest
 *   the eight most recently seen visitors
 */

/**
 * One visitor's timeline. `visitor` is the person id: their userId once identified, else the anonymousId.
 * @typedef {object} VisitorTimeline
 * @property {string} visitor
 * @property {string | null} userId
 * @property {string[]} anonymousIds every device/browser id linked to this person
 * @property {{ id: string, time: number, type: string, phase: string, channel: string, sessionId: string, anonymousId: string,
 *   path: string, title: string, campaign: string | null, properties: Record<string, unknown>, bot: boolean }[]} touchpoints
 *   oldest first, at most `limit`
 * @property {boolean} truncated more touchpoints exist in the range than were returned
 */

/**
 * @typedef {object} Store
 * @property {'sqlite' | 'postgres' | 'clickhouse'} engine
 * @property {(rows: StoredEvent[]) => Promise<{ inserted: number }>} insert stores all rows in one
 *   transaction (ClickHouse: one INSERT), rows in id order so concurrent batches cannot deadlock,
 *   resolving only once committed; an id already stored is skipped (idempotent). Links a
 *   userId to its anonymousId the first time one is seen.
 * @property {(query: FigureQuery) => Promise<JourneyFigures>} figures the map, computed by SQL
 *   aggregates (SQLite: in a worker thread with its own read connection, so ingestion never waits)
 * @property {(id: string, query: { from: number, to: number, limit?: number, includeBots?: boolean }) => Promise<VisitorTimeline | null>} visitor
 *   one person's touchpoints in the range, by anonymousId or userId (null when none); `limit` default 500
 * @property {(query: FigureQuery) => AsyncIterable<StoredEvent>} exportEvents the stored events of the
 *   range and segment (identify included), streamed in occurredAt then id order, never all in memory
 * @property {() => Promise<{ ok: true, engine: string, lastReceivedAt: number | null }>} health cheap
 *   (an index lookup, no count over the table); `lastReceivedAt` changes when new events arrive
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} StoreConfig
 * @property {string} dbPath SQLite file (`':memory:'` for a test; then figures run on the main thread)
 * @property {string} [databaseUrl] PostgreSQL connection string: selects PostgreSQL
 * @property {string} [clickhouseUrl] ClickHouse HTTP interface, `http://[user[:password]@]host:8123[/database]`
 *   (database default `default`): selects ClickHouse; wins over databaseUrl
 * @property {readonly string[]} [phases] the collector's phase list: PostgreSQL keeps plain columns for it (and `goal`) at ingest
 * @property {readonly string[]} [goal] the collector's goal
 */

/**
 * Opens the store the configuration names: ClickHouse when `clickhouseUrl` is set, else
 * PostgreSQL when `databaseUrl` is set, else SQLite at `dbPath`. Creates tables when missing.
 * @example
 * const store = await openStore({ clickhouseUrl: process.env.CLICKHOUSE_URL, databaseUrl: process.env.DATABASE_URL, dbPath: '.data/journeytag.db' })
 * @param {StoreConfig} config
 * @returns {Promise<Store>}
 */
export async function openStore({ clickhouseUrl, databaseUrl, dbPath, phases, goal }) {
  // Imported on demand so a SQLite deployment never loads pg, and the other way round.
  if (clickhouseUrl) return (await import('./clickhouse.js')).openClickhouseStore(clickhouseUrl)
  if (databaseUrl) return (await import('./postgres.js')).openPostgresStore(databaseUrl, { phases, goal })
  return (await import('./sqlite.js')).openSqliteStore(dbPath)
}
