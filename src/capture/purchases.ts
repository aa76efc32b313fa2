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
type Ga4 = { transaction_id?: unknown; value?: unknown; currency?: unknown; items?: unknown; currencyCode?: unknown; purchase?: Ua }
/** Universal Analytics' enhanced ecommerce, still pushed by many Tag Manager setups. */
type Ua = { actionField?: { id?: unknown; revenue?: unknown }; products?: unknown }

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
  // { ecommerce: { currencyCode, purchase: { actionField: { id, revenue }, products } } } is the same order in UA's words.
  // Only without GA4's own id: a site migrating pushes both, and GA4's fields (its currency) are the complete ones.
  const ua = data.transaction_id == null && data.purchase?.actionField
  if (ua) data = { transaction_id: ua.id, value: ua.revenue, currency: data.currencyCode, items: data.purchase!.products }
  const items = Array.isArray(data.items)
    ? // Absent fields stay undefined, and are dropped when the event becomes JSON. A null item stays null: the order is
      // still recorded, with the item named as invalid, as purchase() does.
      data.items.map((item: Record<string, unknown>) => item && { id: str(item.item_id ?? item.id ?? item.item_name ?? item.name), name: item.item_name ?? item.name, price: num(item.price), quantity: num(item.quantity) })
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
    const read = (entry: unknown) => {
      try {
        const order = orderFromDataLayer(entry)
        if (order) tracker.purchase(order)
      } catch {
        // an entry we cannot read is not ours to break on
      }
    }
    let layer: Layer | undefined
    let original: Layer['push'] | undefined
    const push = function (this: unknown, ...items: unknown[]) {
      const result = original!.apply(this, items)
      items.forEach(read)
      return result
    }
    const unhook = () => layer?.push === push && (layer.push = original!)
    // Reads what a layer holds, then every push into it.
    const adopt = (next: Layer) => {
      if (next === layer) return
      unhook()
      layer = next
      if (typeof next?.push != 'function') return
      Array.from(next).forEach(read)
      original = next.push
      next.push = push
    }
    // The same `w[name] = w[name] || []` every GA / Tag Manager snippet runs: pushes before or after them are seen.
    adopt((w[name] ??= [] as unknown as Layer))
    // A page that assigns a new array later (`dataLayer = [{ … }]`, as Tag Manager's guide writes it) is followed too.
    const watch = (descriptor: PropertyDescriptor) => {
      try {
        Object.defineProperty(w, name, { configurable: true, enumerable: true, ...descriptor })
      } catch {
        // a non-configurable global: its first array is still read
      }
    }
    watch({ get: () => layer, set: adopt })
    return () => (unhook(), watch({ writable: true, value: layer }))
  }
}
