/**
 * The orders already recorded for this visitor, so a reloaded or revisited
 * thank-you page (or the data layer plus a purchase() call) counts one purchase.
 */
import { readStored, removeStored, writeStored } from './storage'

const ORDERS_KEY = 'journeytag:orders'

/**
 * True when this order was already recorded for this visitor (a reloaded or
 * revisited thank-you page); otherwise remembers it and returns false. The last
 * 50 order ids are kept, in the visitor's storage.
 */
export function seenOrder(orderId: unknown): boolean {
  if (typeof orderId !== 'string' || !orderId) return false
  const seen = readStored<string[]>(ORDERS_KEY) ?? []
  if (seen.includes(orderId)) return true
  writeStored(ORDERS_KEY, [...seen, orderId].slice(-50))
  return false
}

/** Forgets the recorded order ids (opt-out). */
export function clearOrders(): void {
  removeStored(ORDERS_KEY)
}
