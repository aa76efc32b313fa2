/**
 * The orders already recorded for this visitor, so a reloaded or revisited
 * thank-you page (or the data layer plus a purchase() call) counts one purchase.
 */
import { readStored, removeStored, writeStored } from './storage'

const KEY = 'journeytag:orders'
const seen = (): string[] => {
  const stored = readStored(KEY)
  return Array.isArray(stored) ? stored : []
}

/** Whether this order was already recorded for this visitor. */
export const seenOrder = (orderId: unknown): boolean => seen().includes(orderId as string)

/** Remembers an order once its touchpoint is queued (the last 50 are kept). */
export const rememberOrder = (orderId: unknown): void => {
  if (typeof orderId == 'string' && orderId && !seenOrder(orderId)) writeStored(KEY, [...seen(), orderId].slice(-50))
}

/** Forgets the recorded order ids (opt-out). */
export const clearOrders = (): void => removeStored(KEY)
