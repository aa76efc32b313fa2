// @ts-check
/** Formatting for the map page: escaping (every string came from a browser), numbers, rates, durations, times. */
import { DEFINITIONS } from '../analytics/definitions.js'

/**
 * Escapes text for HTML content and attributes.
 * @example
 * esc('<b>') // '&lt;b&gt;'
 * @param {unknown} value
 */
export const esc = (value) =>
  String(value).replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** A count with thousands separators. @param {number} n */
export const num = (n) => n.toLocaleString('en-US')

/** A rate as a percentage with one decimal, `–` when there is none. @param {number | null | undefined} rate */
export const pct = (rate) => (rate === null || rate === undefined ? '–' : `${Math.round(rate * 1000) / 10}%`)

/** `1 visitor`, `2 visitors`. @param {number} n @param {string} word */
export const plural = (n, word) => `${num(n)} ${word}${n === 1 ? '' : 's'}`

/** A phase or type name as a heading: `form_abandon` → `Form abandon`. @param {string} s */
export const title = (s) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ')

/**
 * The definition of a figure as a `title` attribute (a tooltip), from analytics/definitions.js.
 * @param {string} key a DEFINITIONS key
 */
export const tip = (key) => {
  const text = /** @type {Record<string, string>} */ (DEFINITIONS)[key]
  return text ? ` title="${esc(text)}"` : ''
}

/**
 * A duration for people: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
 * @example
 * formatDuration(3 * 3_600_000 + 5 * 60_000) // '3 h 5 min'
 * @param {number} ms
 */
export function formatDuration(ms) {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`
}

/**
 * Money per currency, never added across currencies: `€1,234.50 · $80`.
 * @example
 * money([{ currency: 'EUR', amount: 1234.5, purchases: 3 }]) // '€1,234.50'
 * @param {readonly { currency: string, amount: number }[] | undefined} revenue
 */
export function money(revenue) {
  if (!revenue?.length) return '–'
  return revenue
    .map((r) => {
      try {
        // Whole amounts without cents: revenue columns stay narrow enough for a phone.
        const whole = Number.isInteger(r.amount)
        return new Intl.NumberFormat('en-US', { style: 'currency', currency: r.currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) }).format(r.amount)
      } catch {
        return `${num(r.amount)} ${r.currency}` // not an ISO 4217 code: show it as it came
      }
    })
    .join(' · ')
}

/**
 * A `<time>` element in UTC; the page's script rewrites it in the reader's own time zone.
 * @param {number} ms
 * @param {'datetime' | 'date'} [precision]
 */
export function timeTag(ms, precision = 'datetime') {
  const iso = new Date(ms).toISOString()
  const text = precision === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
  return `<time datetime="${iso}" data-precision="${precision}">${text}</time>`
}
