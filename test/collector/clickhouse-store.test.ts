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
