// @vitest-environment node
/**
 * PostgreSQL stores journey_visitors with the map's columns first (postgres-rebuild.js): a store
 * whose columns are in another order is rewritten when a collector opens it. These tests fail if
 * the rewrite loses or changes a summary, leaves the columns out of order, runs when nothing is
 * out of order, or drops a batch another collector writes meanwhile.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import { scanOrder } from '../../examples/collector/stores/postgres-rebuild.js'
import type { StoredEvent } from '../../examples/collector/stores/store.js'
import { makeEvent } from './support/events'
import { BATCHES, MIN, QUERY, ROWS, T0 } from './support/fixture'
import { createDatabase, sql, startPostgres } from './support/postgres'

let server: Awaited<ReturnType<typeof startPostgres>>
let databases = 0

beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(() => server?.stop())

const database = () => createDatabase(server.url, `rebuild_${++databases}`)

const columns = async (url: string) =>
  (await sql<{ attname: string }>(url, "SELECT attname FROM pg_attribute WHERE attrelid = 'journey_visitors'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")).map((r) => r.attname)

/** What an older version left: the kept columns added behind the arrays (ALTER TABLE … ADD COLUMN puts them last). */
async function unorder(url: string) {
  const table = await columns(url)
  const kept = table.filter((name) => /^k/.test(name))
  await sql(url, `CREATE TABLE old_order AS SELECT ${[...table.filter((n) => !kept.includes(n)), ...kept].join(', ')} FROM journey_visitors;
    DROP TABLE journey_visitors; ALTER TABLE old_order RENAME TO journey_visitors;
    ALTER TABLE journey_visitors ADD PRIMARY KEY (person, bot); CREATE INDEX journey_visitors_first ON journey_visitors (first_at);
    CREATE INDEX journey_visitors_last ON journey_visitors (last_at)`)
  expect(await columns(url)).not.toEqual(scanOrder(table))
}

const rows = (events: ReturnType<typeof makeEvent>[]): StoredEvent[] => events.map((event) => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: T0 + 300 * MIN, bot: false }))

test('a store with its columns out of order is rewritten in scan order when it opens, every summary kept', async () => {
  const url = await database()
  const first = await openPostgresStore(url)
  for (const batch of BATCHES) await first.insert(batch)
  await first.close()
  const summaries = await sql(url, 'SELECT * FROM journey_visitors ORDER BY person, bot')
  await unorder(url)
  const reopened = await openPostgresStore(url)
  try {
    expect(await columns(url)).toEqual(scanOrder(await columns(url)))
    expect((await columns(url)).slice(0, 3)).toEqual(['person', 'bot', 'n'])
    expect(await sql(url, 'SELECT * FROM journey_visitors ORDER BY person, bot')).toEqual(summaries)
    expect(await reopened.figures(QUERY)).toEqual(referenceFigures(ROWS, QUERY))
  } finally {
    await reopened.close()
  }
})

test('a store already in scan order is not rewritten when it opens', async () => {
  const url = await database()
  await (await openPostgresStore(url)).close()
  const table = async () => (await sql<{ oid: number }>(url, "SELECT 'journey_visitors'::regclass::oid AS oid"))[0]!.oid
  const before = await table()
  await (await openPostgresStore(url)).close()
  expect(await table()).toBe(before)
})

test('batches another collector writes while the store is rewritten all count', async () => {
  const url = await database()
  const writer = await openPostgresStore(url)
  try {
    for (const batch of BATCHES) await writer.insert(batch)
    await unorder(url)
    const at = (minute: number) => new Date(T0 + minute * MIN).toISOString()
    const late = Array.from({ length: 40 }, (_, i) => rows([makeEvent({ anonymousId: `late-${i}`, phase: 'awareness', timestamp: at(200 + i) })]))
    // One collector opens (and rewrites) while the other keeps inserting.
    const [reader] = await Promise.all([openPostgresStore(url), ...late.map((batch) => writer.insert(batch))])
    try {
      const expected = referenceFigures([...ROWS, ...late.flat()], QUERY)
      expect(await reader.figures(QUERY)).toEqual(expected)
      expect(await writer.figures(QUERY)).toEqual(expected)
    } finally {
      await reader.close()
    }
  } finally {
    await writer.close()
  }
})
