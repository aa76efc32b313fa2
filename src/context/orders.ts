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

/** The id an order is known by: a number (invalid, but recorded all the same) is the same order as its string. */
export const orderKey = (orderId: unknown): string => (typeof orderId == 'string' || typeof orderId == 'number' ? String(orderId) : '')

/** Whether this order was already recorded for this visitor. */
export const seenOrder = (orderId: unknown): boolean => seen().includes(orderKey(orderId))

/** Remembers an order once its touchpoint is queued (the last 50 are kept). */
export const rememberOrder = (orderId: unknown): void => {
  const key = orderKey(orderId)
  if (key && !seenOrder(key)) writeStored(KEY, [...seen(), key].slice(-50))
}

/** Forgets the recorded order ids (opt-out). */
export const clearOrders = (): void => removeStored(KEY)
