// @vitest-environment node
/**
 * PostgreSQL keeps each person's touchpoint signature as a hash, its entries in journey_signatures
 * (postgres-signatures.js). These tests fail if a stored person's signature is missing from that
 * table, if a store whose summaries still hold signature texts (the previous version) loses or
 * changes a figure when it opens, or if that migration runs again on a store that has hashes.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import { BATCHES, MIN, QUERY, ROWS, T0 } from './support/fixture'
import { createDatabase, sql, startPostgres } from './support/postgres'
import { VARIANTS } from './support/store-contract'

let server: Awaited<ReturnType<typeof startPostgres>>
let databases = 0

beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(() => server?.stop())

/** A store holding the fixture, closed. */
async function filledStore() {
  const url = await createDatabase(server.url, `signatures_${++databases}`)
  const store = await openPostgresStore(url)
  for (const batch of BATCHES) await store.insert(batch)
  await store.close()
  return url
}

/** Stored persons whose signature hash has no row in journey_signatures. */
const unresolved = async (url: string) =>
  (await sql<{ n: number }>(url, 'SELECT count(*)::integer AS n FROM journey_visitors v WHERE NOT EXISTS (SELECT 1 FROM journey_signatures s WHERE s.sig = v.sig)'))[0]!.n

/** Each stored person's signature as `phase type n` lines, rebuilt from journey_signatures' arrays. */
const signatures = (url: string) =>
  sql(url, `SELECT v.person, v.bot, (SELECT string_agg(u.ph || ' ' || u.type || ' ' || u.n, ',' ORDER BY u.ph, u.type) FROM unnest(s.tp_phase, s.tp_type, s.tp_n) AS u(ph, type, n)) AS entries
    FROM journey_visitors v JOIN journey_signatures s USING (sig) ORDER BY v.person, v.bot`)

/** What the previous version stored: the signature as JSON text in journey_visitors (tp_sig, last column), no journey_signatures. */
async function storeSignatureTexts(url: string) {
  await sql(url, `ALTER TABLE journey_visitors ADD COLUMN tp_sig text;
    UPDATE journey_visitors v SET tp_sig = (SELECT json_agg(json_build_array(ph, type, n) ORDER BY ph COLLATE "C", type COLLATE "C")::text
      FROM (SELECT ph, type, sum(n)::integer AS n FROM unnest(d.tp_phase, d.tp_type, d.tp_n) AS u(ph, type, n) GROUP BY ph, type) t)
      FROM journey_visitor_details d WHERE d.person = v.person AND d.bot = v.bot;
    ALTER TABLE journey_visitors DROP COLUMN sig; DROP TABLE journey_signatures`)
}

test('every stored person’s signature is in journey_signatures, with the touchpoints of its details', async () => {
  const url = await filledStore()
  expect(await unresolved(url)).toBe(0)
  const details = await sql(url, `SELECT person, bot, (SELECT string_agg(u.ph || ' ' || u.type || ' ' || u.n, ',' ORDER BY u.ph, u.type)
      FROM unnest(tp_phase, tp_type, tp_n) AS u(ph, type, n)) AS entries FROM journey_visitor_details ORDER BY person, bot`)
  expect(await signatures(url)).toEqual(details)
})

test('a store whose summaries hold signature texts gets their hashes when it opens, every figure kept', async () => {
  const url = await filledStore()
  const before = await signatures(url)
  await storeSignatureTexts(url)
  const reopened = await openPostgresStore(url)
  try {
    const type = await sql<{ type: string }>(url, "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'journey_visitors'::regclass AND attname = 'sig'")
    expect(type).toEqual([{ type: 'bigint' }])
    expect(await unresolved(url)).toBe(0)
    expect(await signatures(url)).toEqual(before)
    const cut = { ...QUERY, from: T0 + 11 * MIN, to: T0 + 1510 * MIN }
    for (const query of [...Object.values(VARIANTS), cut]) expect(await reopened.figures(query)).toEqual(referenceFigures(ROWS, query))
  } finally {
    await reopened.close()
  }
})

test('a store that has hashes is not migrated again when it opens', async () => {
  const url = await filledStore()
  const table = async () => (await sql<{ oid: number }>(url, "SELECT 'journey_visitors'::regclass::oid AS oid, (SELECT relfilenode FROM pg_class WHERE relname = 'journey_visitors') AS file"))[0]
  const before = await table()
  await (await openPostgresStore(url)).close()
  expect(await table()).toEqual(before)
})
