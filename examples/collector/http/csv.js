// @ts-check
/**
 * CSV for spreadsheets: RFC 4180 quoting, and text that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@` first) prefixed with `'` — event fields come
 * from browsers, so nothing in them is trusted.
 */

/**
 * One CSV cell. Numbers stay numbers; objects become JSON; null and undefined are empty.
 * @example
 * csvCell('say "hi"') // '"say ""hi"""'
 * @param {unknown} value
 */
export function csvCell(value) {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  let text = typeof value === 'string' ? value : JSON.stringify(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * One CSV line, with its CRLF.
 * @example
 * csvLine(['a', 1, null]) // 'a,1,\r\n'
 * @param {unknown[]} values
 */
export const csvLine = (values) => `${values.map(csvCell).join(',')}\r\n`

/**
 * Flattens one figure row for a table: nested objects become `parent.child` columns,
 * arrays stay JSON in one cell.
 * @param {Record<string, unknown>} row
 * @param {string} [prefix]
 * @param {Record<string, unknown>} [into]
 * @returns {Record<string, unknown>}
 */
export function flatten(row, prefix = '', into = {}) {
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value && typeof value === 'object' && !Array.isArray(value)) flatten(/** @type {Record<string, unknown>} */ (value), name, into)
    else into[name] = value
  }
  return into
}

/**
 * The figure tables of a map, by name: every top-level list of objects (phases, channels,
 * friction, …), and `totals` as a one-row table. Whatever figures the store adds become
 * tables without a change here.
 * @example
 * Object.keys(figureTables(figures)) // ['totals', 'phases', 'channels', …]
 * @param {Record<string, unknown>} figures
 * @returns {Record<string, Record<string, unknown>[]>}
 */
export function figureTables(figures) {
  /** @type {Record<string, Record<string, unknown>[]>} */
  const tables = {}
  for (const [name, value] of Object.entries(figures)) {
    if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) tables[name] = value.map((v) => flatten(v))
    else if (value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object')) {
      tables[name] = [flatten(/** @type {Record<string, unknown>} */ (value))]
    }
  }
  return tables
}

/**
 * A whole table as CSV: the header is the union of the rows' columns, in first-seen order.
 * @example
 * tableCsv([{ channel: 'email', visitors: 3 }]) // 'channel,visitors\r\nemail,3\r\n'
 * @param {Record<string, unknown>[]} rows
 */
export function tableCsv(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c]))).join('')
}
