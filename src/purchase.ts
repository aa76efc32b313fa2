/** The purchase() input: checked at the edge so a conversion is never silently wrong. */
import * as z from 'zod/mini'
import { logError } from './log'
import { toJsonObject } from './json'
import { formatIssues } from './contract/format-issues'

const itemSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  price: z.optional(z.number()),
  quantity: z.optional(z.number().check(z.int(), z.positive())),
})

const orderSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  value: z.number().check(z.nonnegative()),
  currency: z.string().check(z.regex(/^[A-Za-z]{3}$/)),
  items: z.optional(z.array(itemSchema)),
})

/**
 * A completed order.
 * @example
 * { orderId: 'A-1001', value: 49.9, currency: 'EUR', items: [{ id: 'sku-1', name: 'Mug', price: 49.9, quantity: 1 }] }
 */
export type Order = z.infer<typeof orderSchema> & Record<string, unknown>

/**
 * Returns the order as event properties. An invalid order is reported with the
 * field names and still recorded as given (with `invalidFields`), because a lost
 * conversion is worse than an imperfect one.
 */
export function parseOrder(order: unknown): Record<string, unknown> {
  const result = orderSchema.safeParse(order)
  if (result.success) return { ...(order as object), ...result.data, currency: result.data.currency.toUpperCase() }
  logError(`purchase(): ${formatIssues(result.error.issues, 'order')}`)
  const raw = toJsonObject(order) ?? {}
  return { ...raw, invalidFields: [...new Set(result.error.issues.map((i) => String(i.path[0])))] }
}
