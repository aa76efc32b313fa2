/** The purchase() input: checked at the edge so a conversion is never silently wrong. */
import { orderShape } from './check/shapes'
import { describeIssues, validate } from './check/validate'
import { logError } from './log'

export type { Order } from './contract/order'

/**
 * Returns the order as event properties (currency in upper case). An invalid
 * order is reported with the field names and still recorded as given (with
 * `invalidFields`), because a lost conversion is worse than an imperfect one.
 * @example
 * parseOrder({ orderId: 'A-1', value: 5, currency: 'eur' }) // { orderId: 'A-1', value: 5, currency: 'EUR' }
 */
export function parseOrder(order: unknown): Record<string, unknown> {
  const issues = validate(orderShape, order)
  const properties = { ...(order as object) } as Record<string, unknown>
  if (!issues.length) return { ...properties, currency: (properties.currency as string).toUpperCase() }
  logError(`purchase(): ${describeIssues(issues, 'order')}`)
  return { ...properties, invalidFields: [...new Set(issues.map(([path]) => path[0] ?? '(root)'))] }
}
