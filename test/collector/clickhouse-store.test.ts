// @vitest-environment node
import { expect, test } from 'vitest'
import { storeContract } from './support/store-contract'
import { openClickhouseStore } from '../../examples/collector/stores/clickhouse.js'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { startClickhouse } from './support/clickhouse'
import { BATCHES, QUERY, ROWS } from './support/fixture'

let server: Awaited<ReturnType<typeof startClickhouse>> | undefined

storeContract(
  async () => {
    server = await startClickhouse()
    return openClickhouseStore(`${server.url}/journeytag`)
  },
  () => server?.stop(),
)

test('figures stay right while duplicates are still stored (before ReplacingMergeTree merges them)', async () => {
  // Two collector instances receive the same retried batch at once: both see its ids as new.
  const [one, two] = [await openClickhouseStore(`${server!.url}/dups`), await openClickhouseStore(`${server!.url}/dups`)]
  for (const batch of BATCHES.slice(0, 3)) await Promise.all([one.insert(batch), two.insert(batch)])
  const sql = async (body: string) => (await fetch(`${server!.url}/?database=dups`, { method: 'POST', body })).text()
  // Whether both racing inserts stored their copy depends on timing; a copy of every row, with merges stopped,
  // makes the duplicates certain.
  await sql('SYSTEM STOP MERGES journey_events')
  await sql('INSERT INTO journey_events SELECT * FROM journey_events')
  expect(Number(await sql('SELECT count() FROM journey_events'))).toBeGreaterThanOrEqual(2 * BATCHES.slice(0, 3).flat().length)
  expect(await one.figures(QUERY)).toEqual(referenceFigures(ROWS, QUERY))
  await Promise.all([one.close(), two.close()])
  // Two stores to create in a new database and a dozen statements per figures() call: more than the default 5 s on a busy machine.
}, 30_000)

test('a store whose summaries have an older layout gets them rebuilt from its events when opened', async () => {
  const url = `${server!.url}/relayout`
  const first = await openClickhouseStore(url)
  for (const batch of BATCHES) await first.insert(batch)
  await first.close()
  const sql = async (body: string) => {
    const response = await fetch(`${server!.url}/?database=relayout`, { method: 'POST', body })
    if (!response.ok) throw new Error(await response.text())
    return response.text()
  }
  // The layout before the string order key: first channel and campaign by (time, id) tuples, tails as three arrays.
  await sql('DROP TABLE journey_visitor_hours_mv')
  await sql('DROP TABLE journey_visitor_hours')
  await sql(`CREATE TABLE journey_visitor_hours (hour Int64, bot UInt8, anon UInt64, text_id AggregateFunction(any, String),
    first_channel AggregateFunction(argMin, String, Tuple(Int64, String)), first_campaign AggregateFunction(argMinIf, String, Tuple(Int64, String), UInt8),
    channels AggregateFunction(groupUniqArray, String), campaigns AggregateFunction(groupUniqArray, String), sessions AggregateFunction(uniqExact, String)
  ) ENGINE = AggregatingMergeTree ORDER BY (hour, bot, anon)`)
  await sql('DROP TABLE journey_tail_hours_mv')
  await sql('DROP TABLE journey_tail_hours')
  await sql('CREATE TABLE journey_tail_hours (hour Int64, bot UInt8, anon UInt64, tail_at Array(Int64), tail_id Array(String), tail_step Array(UInt64)) ENGINE = MergeTree ORDER BY (hour, bot, anon)')
  const reopened = await openClickhouseStore(url)
  expect(await reopened.figures(QUERY)).toEqual(referenceFigures(ROWS, QUERY))
  // Their materialized views exist again, so later inserts keep the rebuilt summaries up to date.
  expect(await sql("SELECT count() FROM system.tables WHERE database = 'relayout' AND name IN ('journey_visitor_hours_mv', 'journey_tail_hours_mv')")).toBe('2\n')
  await reopened.close()
}, 30_000)
