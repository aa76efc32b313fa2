/**
 * Purchases from a GA4-style data layer, so a shop that already reports its
 * orders to Google Analytics / Tag Manager is tracked with no code:
 * `dataLayer.push({ event: 'purchase', ecommerce: { transaction_id, value, currency, items } })`
 * and `gtag('event', 'purchase', { … })`, including pushes made before journeytag
 * loaded. Each order counts once per visitor (purchase() de-duplicates by orderId).
 */
import type { Plugin } from '../plugin'
import type { Order } from '../purchase'

type Layer = unknown[] & { push: (...items: unknown[]) => number }
type Ga4 = { transaction_id?: unknown; value?: unknown; currency?: unknown; items?: unknown }

const num = (value: unknown) => (typeof value === 'string' && value.trim() && !isNaN(+value) ? +value : value)
const str = (value: unknown) => (typeof value === 'number' ? String(value) : value)

/** The order in a data layer entry, or undefined when it is not a purchase. */
export function orderFromDataLayer(entry: unknown): Order | undefined {
  const e = entry as Record<string, unknown> | ArrayLike<unknown> | null
  let data: Ga4 | undefined
  if (e && (e as { event?: unknown }).event === 'purchase') data = (e as { ecommerce?: Ga4 }).ecommerce
  // gtag() pushes its arguments object: ['event', 'purchase', params]
  else if (e && (e as ArrayLike<unknown>)[0] === 'event' && (e as ArrayLike<unknown>)[1] === 'purchase') data = (e as ArrayLike<Ga4>)[2]
  if (!data || typeof data !== 'object') return undefined
  const items = Array.isArray(data.items)
    ? // Absent fields stay undefined, and are dropped when the event becomes JSON.
      data.items.map((item: Record<string, unknown>) => ({ id: str(item.item_id ?? item.item_name), name: item.item_name, price: num(item.price), quantity: num(item.quantity) }))
    : undefined
  return { orderId: str(data.transaction_id), value: num(data.value), currency: data.currency, items } as Order
}

/**
 * Records the purchases a site pushes to `window.dataLayer` (or `name`).
 * On by default in the script tag.
 * @example
 * init({ endpoint, plugins: [dataLayerPurchases()] })
 */
export function dataLayerPurchases(name = 'dataLayer'): Plugin {
  return (tracker) => {
    const w = window as unknown as Record<string, Layer>
    // The same `w[name] = w[name] || []` every GA / Tag Manager snippet runs: pushes before or after them are seen.
    const layer = (w[name] ??= [] as unknown as Layer)
    if (typeof layer.push !== 'function') return
    const read = (entry: unknown) => {
      try {
        const order = orderFromDataLayer(entry)
        if (order) tracker.purchase(order)
      } catch {
        // an entry we cannot read is not ours to break on
      }
    }
    Array.from(layer).forEach(read)
    const original = layer.push
    const push = function (this: unknown, ...items: unknown[]) {
      const result = original.apply(this, items)
      items.forEach(read)
      return result
    }
    layer.push = push
    return () => layer.push === push && (layer.push = original)
  }
}
