// @ts-check
/**
 * What ingestion extracts from an event for the figures, shared by the stores
 * (which keep it in columns) and the reference (which reads it from the event).
 */

/** Separators of `propertyPairs`: control characters never found in real keys. */
export const PAIR_START = '\u001e'
export const PAIR_END = '\u001f'

/**
 * The revenue of a purchase: `properties.value` in cents (rounded) and `properties.currency`,
 * or null for any other touchpoint or a purchase without a numeric value and a currency.
 * @example
 * revenueOf({ type: 'purchase', properties: { value: 9.5, currency: 'EUR' } }) // { cents: 950, currency: 'EUR' }
 * @param {{ type: string, properties: Record<string, unknown> }} event
 * @returns {{ cents: number, currency: string } | null}
 */
export function revenueOf({ type, properties }) {
  const { value, currency } = properties
  if (type !== 'purchase' || typeof value !== 'number' || !Number.isFinite(value) || typeof currency !== 'string' || !currency) return null
  return { cents: Math.round(value * 100), currency }
}

/**
 * The top-level string, number and boolean properties as one searchable text,
 * `␞name=value␟` per property, so every engine filters by a property with one substring test.
 * @param {Record<string, unknown>} properties
 * @returns {string}
 */
export function propertyPairs(properties) {
  let text = ''
  for (const [name, value] of Object.entries(properties)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') text += propertyPair(name, String(value))
  }
  return text
}

/**
 * The text `propertyPairs` holds for one property; the property filter looks for it.
 * @param {string} name
 * @param {string} value
 */
export const propertyPair = (name, value) => `${PAIR_START}${name}=${value}${PAIR_END}`

/**
 * The label of a touchpoint in a drop-off path.
 * @param {{ type: string, page: { path: string } }} event
 */
export const stepLabel = ({ type, page }) => `${type} ${page.path}`
