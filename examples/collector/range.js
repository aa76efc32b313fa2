// @ts-check
/** The time range of the journey map, from the query string: a preset (`range=7d`) or `from`/`to`. */

/** Preset ranges offered on the map, in milliseconds (`all` is everything). */
export const PRESETS = /** @type {const} */ ({ '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, all: Infinity })
/** The range shown when none is asked for. */
export const DEFAULT_PRESET = '30d'

/** @param {string} value @returns {number} */
function parseTime(value) {
  // Whole numbers are epoch milliseconds; anything else goes through Date (ISO 8601, `2025-05-01`, datetime-local).
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value)
}

/**
 * Reads `range`, `from`, `to` and `visitor`. `from`/`to` win over `range`; `to` defaults to now.
 * @example
 * parseRange(new URLSearchParams('range=24h'), Date.now()) // { from: now - 86400000, to: now + 1, preset: '24h' }
 * @param {URLSearchParams} query
 * @param {number} now
 * @returns {{ from: number, to: number, preset: string, visitor?: string } | { error: string }}
 */
export function parseRange(query, now) {
  const end = now + 1 // `to` is exclusive: include events stamped this very millisecond
  const visitor = query.get('visitor')?.trim() || undefined
  const fromText = query.get('from')?.trim()
  const toText = query.get('to')?.trim()
  if (fromText || toText) {
    const from = fromText ? parseTime(fromText) : 0
    const to = toText ? parseTime(toText) : end
    if (Number.isNaN(from)) return { error: `from: expected a date (ISO 8601) or epoch milliseconds, got "${fromText}"` }
    if (Number.isNaN(to)) return { error: `to: expected a date (ISO 8601) or epoch milliseconds, got "${toText}"` }
    if (to <= from) return { error: 'to: must be after from' }
    return { from, to, preset: 'custom', ...(visitor ? { visitor } : {}) }
  }
  const preset = query.get('range') ?? DEFAULT_PRESET
  if (!(preset in PRESETS)) return { error: `range: expected one of ${Object.keys(PRESETS).join(', ')}, got "${preset}"` }
  const span = PRESETS[/** @type {keyof typeof PRESETS} */ (preset)]
  return { from: span === Infinity ? 0 : now - span, to: end, preset, ...(visitor ? { visitor } : {}) }
}
