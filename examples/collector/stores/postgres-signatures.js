// @ts-check
/**
 * Touchpoint signatures on PostgreSQL: a person's touchpoints per phase and type (tp_sig,
 * `[[phase, type, n], …]` sorted, as JSON text) are what the map's touchpoint figures count, and
 * persons with the same signature are counted together (22 thousand signatures for 1.56 M persons
 * at 10 M events). journey_visitors keeps only the signature's 64-bit hash (`sig`); the signature
 * itself is one row of journey_signatures, as arrays, written at ingest. So the map groups
 * persons by a number instead of an 80-byte text, and sums the few thousand signatures' entries
 * without parsing JSON (at 10 M events the text grouping and the parsing were 1.7 s of a 3.1 s pass).
 *
 * Two different signatures with one hash would be counted as one: with n signatures the chance of
 * any such pair is about n² / 2⁶⁵ (3 × 10⁻¹¹ at 22 thousand, 3 × 10⁻⁸ at a million).
 */

/** The hash of the signature text tp_sig of the row in scope (stable: hashtextextended is what hash partitioning relies on). */
export const SIGNATURE_HASH = 'hashtextextended(tp_sig, 0)'

/** journey_signatures: each signature by its hash, its entries as three arrays of one order (phase, type, touchpoints). */
export const SIGNATURES_TABLE = `CREATE TABLE IF NOT EXISTS journey_signatures (
  sig      bigint PRIMARY KEY,
  tp_phase text[] NOT NULL,
  tp_type  text[] NOT NULL,
  tp_n     integer[] NOT NULL
)`

/**
 * A CTE-level INSERT (the last statement of a `WITH … ` chain) of the signatures of summary rows `rows` (sig, tp_phase,
 * tp_type, tp_n) that journey_signatures lacks. In hash order, so that concurrent batches wait for each other's new
 * signatures in one order and never deadlock; a batch waits only here, after it has every other lock it takes.
 * @param {string} rows the name of the rows' CTE
 */
export function storeSignatures(rows) {
  return `INSERT INTO journey_signatures (sig, tp_phase, tp_type, tp_n)
    SELECT DISTINCT ON (sig) sig, tp_phase, tp_type, tp_n FROM ${rows} ORDER BY sig ON CONFLICT (sig) DO NOTHING`
}

/**
 * The entries (sig, ph, type, n) of the signatures a map counted (`counted`, a relation with a column sig): stored ones
 * from journey_signatures, and those only a person the range cuts has (summarized at map time, in jt_p with its text)
 * from that text.
 * @param {string} counted
 */
export function signatureEntries(counted) {
  return `SELECT s.sig, u.ph, u.type, u.n FROM journey_signatures s, unnest(s.tp_phase, s.tp_type, s.tp_n) AS u(ph, type, n)
      WHERE s.sig IN (SELECT sig FROM ${counted})
    UNION ALL SELECT x.sig, t.e->>0, t.e->>1, (t.e->>2)::integer FROM (
        SELECT DISTINCT sig, tp_sig FROM jt_p WHERE tp_sig IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journey_signatures s WHERE s.sig = jt_p.sig)
      ) x, jsonb_array_elements(x.tp_sig::jsonb) AS t(e)`
}

/**
 * Brings a store of an older version, whose journey_visitors held each signature's text (tp_sig), to hashes: every
 * distinct text goes into journey_signatures, then the column becomes its hash in one rewrite of the table (in place:
 * the column keeps its position, so postgres-rebuild.js's order still holds). Inside the transaction that opens the store.
 * @param {import('pg').ClientBase} c
 * @returns {Promise<boolean>} whether the store was migrated
 */
export async function hashStoredSignatures(c) {
  await c.query(SIGNATURES_TABLE)
  const { rows } = await c.query("SELECT 1 FROM pg_attribute WHERE attrelid = 'journey_visitors'::regclass AND attname = 'tp_sig' AND NOT attisdropped")
  if (!rows.length) return false
  // Each entry by its position in the text (WITH ORDINALITY), so the three arrays keep one order.
  const entries = (/** @type {string} */ value) => `ARRAY(SELECT ${value} FROM jsonb_array_elements(tp_sig::jsonb) WITH ORDINALITY AS t(e, i) ORDER BY i)`
  await c.query(`INSERT INTO journey_signatures (sig, tp_phase, tp_type, tp_n)
    SELECT DISTINCT ON (${SIGNATURE_HASH}) ${SIGNATURE_HASH}, ${entries('e->>0')}, ${entries('e->>1')}, ${entries('(e->>2)::integer')}
    FROM (SELECT DISTINCT tp_sig FROM journey_visitors WHERE tp_sig IS NOT NULL) d ORDER BY 1 ON CONFLICT (sig) DO NOTHING`)
  await c.query('ALTER TABLE journey_visitors RENAME COLUMN tp_sig TO sig')
  await c.query(`ALTER TABLE journey_visitors ALTER COLUMN sig TYPE bigint USING ${SIGNATURE_HASH.replace('tp_sig', 'sig')}`)
  return true
}
