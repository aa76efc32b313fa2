/** The purchase() input, as the zod contract. The browser checks it with `src/check/`. */
import * as z from 'zod/mini'

const itemSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  price: z.optional(z.number()),
  quantity: z.optional(z.number().check(z.int(), z.positive())),
})

/**
 * A completed order. Extra fields are kept (they become event properties).
 * @example
 * orderSchema.safeParse({ orderId: 'A-1001', value: 49.9, currency: 'EUR' })
 */
export const orderSchema = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(128)),
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
