// @vitest-environment node
/**
 * PostgreSQL keeps the collector's own phase list and goal as plain columns of its summaries
 * (postgres-layout.js), and a map of that list reads them instead of the arrays: these tests fail
 * if the columns drift from the arrays — after ingest, after an identify() merge, on a store made
 * before the columns, and when the collector is restarted with another phase list.
 */
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { keptColumns, keptValues, readLayout } from '../../examples/collector/stores/postgres-layout.js'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import type { FigureQuery, StoredEvent } from '../../examples/collector/stores/store.js'
import { makeEvent } from './support/events'
import { BATCHES, MIN, PHASES, QUERY, ROWS, T0 } from './support/fixture'
import { createDatabase, sql, startPostgres } from './support/postgres'

/** A list other than the fixture's: with it kept, the fixture's map reads the arrays. */
const OTHER: FigureQuery = { ...QUERY, phases: ['awareness', 'onboarding'], goal: ['tour_started'] }

let server: Awaited<ReturnType<typeof startPostgres>>
let databases = 0

beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(() => server?.stop())

/** A new empty database on the server, its URL. */
const database = () => createDatabase(server.url, `layout_${++databases}`)

/** Summary rows whose kept columns differ from what their arrays say for the kept list, and how many rows there are. */
async function drift(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const layout = (await readLayout(client))!
    const names = keptColumns(layout).map(([name]) => name)
    const { rows } = await client.query(
      `SELECT count(*)::integer AS rows, count(*) FILTER (WHERE (${names.join(', ')}) IS DISTINCT FROM (${keptValues(layout, 'v').join(', ')}))::integer AS drifted,
        count(k_goal_at)::integer AS converted FROM journey_visitors v`,
    )
    return { layout, ...rows[0] }
  } finally {
    await client.end()
  }
}

test('the kept columns hold what the arrays say, after ingest and after an identify() merge', async () => {
  const url = await database()
  const store = await openPostgresStore(url)
  try {
    for (const batch of BATCHES) await store.insert(batch)
    const before = await drift(url)
    expect(before.layout).toEqual({ phases: PHASES, goal: ['purchase', 'signup'] })
    expect(before).toMatchObject({ drifted: 0 })
    expect(before.converted).toBeGreaterThan(0)
    // A phone and a laptop, then identify() on the laptop links both to one user: their rows merge into the user's.
    const at = (minute: number) => new Date(T0 + minute * MIN).toISOString()
    const phone = makeEvent({ anonymousId: 'phone', phase: 'awareness', timestamp: at(200) })
    const laptop = [
      makeEvent({ anonymousId: 'laptop', phase: 'consideration', type: 'form_start', timestamp: at(210) }),
      makeEvent({ anonymousId: 'laptop', phase: 'conversion', type: 'purchase', timestamp: at(220), properties: { value: 30, currency: 'EUR' } }),
    ]
    const merge = [
      makeEvent({ anonymousId: 'laptop', phase: 'conversion', type: 'identify', userId: 'user-m', timestamp: at(221) }),
      makeEvent({ anonymousId: 'phone', phase: 'retention', type: 'identify', userId: 'user-m', timestamp: at(230) }),
    ]
    const rows = (events: ReturnType<typeof makeEvent>[]): StoredEvent[] => events.map((event) => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: T0 + 240 * MIN, bot: false }))
    const added = [...rows([phone]), ...rows(laptop), ...rows(merge)]
    await store.insert(rows([phone]))
    await store.insert(rows(laptop))
    await store.insert(rows(merge))
    expect(await sql(url, "SELECT person FROM journey_visitors WHERE person IN ('phone', 'laptop', 'user-m')")).toEqual([{ person: 'user-m' }])
    expect(await drift(url)).toMatchObject({ drifted: 0 })
    expect(await store.figures(QUERY)).toEqual(referenceFigures([...ROWS, ...added], QUERY))
  } finally {
    await store.close()
  }
})

test('a map gives the same figures from the kept columns as from the arrays, whichever list the collector keeps', async () => {
  const url = await database()
  const first = await openPostgresStore(url)
  for (const batch of BATCHES) await first.insert(batch)
  const fromColumns = await first.figures(QUERY)
  await first.close()
  // Restarted with another list: its columns replace the fixture's (one rewrite on open), so the fixture's map reads the arrays.
  const other = await openPostgresStore(url, { phases: OTHER.phases, goal: OTHER.goal })
  try {
    expect(await drift(url)).toMatchObject({ layout: { phases: OTHER.phases, goal: OTHER.goal }, drifted: 0 })
    expect(await other.figures(QUERY)).toEqual(fromColumns)
    expect(fromColumns).toEqual(referenceFigures(ROWS, QUERY))
    expect(await other.figures(OTHER)).toEqual(referenceFigures(ROWS, OTHER))
    // What a drift would do: the map of the kept list reads the columns (here made wrong by hand), not the arrays.
    await sql(url, 'UPDATE journey_visitors SET k_goal_at = NULL')
    expect((await other.figures(OTHER)).goal.visitors).not.toBe(referenceFigures(ROWS, OTHER).goal.visitors)
  } finally {
    await other.close()
  }
})

test('a store made before the kept columns gets them from its summaries when it opens', async () => {
  const url = await database()
  const older = await openPostgresStore(url)
  for (const batch of BATCHES) await older.insert(batch)
  await older.close()
  // What a store of the previous version holds: summaries without kept columns, and no layout.
  const kept = (await sql<{ attname: string }>(url, "SELECT attname FROM pg_attribute WHERE attrelid = 'journey_visitors'::regclass AND attname ~ '^k' AND NOT attisdropped")).map((r) => r.attname)
  expect(kept.sort()).toEqual(keptColumns({ phases: PHASES, goal: ['purchase', 'signup'] }).map(([name]) => name).sort())
  await sql(url, `ALTER TABLE journey_visitors ${kept.map((name) => `DROP COLUMN ${name}`).join(', ')}; DROP TABLE journey_summary_layout`)
  const reopened = await openPostgresStore(url)
  try {
    expect(await drift(url)).toMatchObject({ drifted: 0 })
    expect(await reopened.figures(QUERY)).toEqual(referenceFigures(ROWS, QUERY))
  } finally {
    await reopened.close()
  }
})
