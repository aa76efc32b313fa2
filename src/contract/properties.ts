/**
 * The one rule for what `properties` may hold, used by the zod contract and the
 * browser's checks alike: JSON nested at most `LIMITS.depth` levels, keys of at
 * most `LIMITS.key` characters, and at most `LIMITS.eventBytes` serialized.
 * Walked without recursion, so a hostile value nested thousands deep is refused,
 * never a stack overflow. `json`, when the caller already has it, saves serializing again.
 */
import { stringify } from '../builtins'
import { LIMITS } from './limits'

/**
 * What is wrong with a properties value, or '' when nothing is.
 * @example
 * propertiesProblem({ a: { b: 1 } }) // ''
 */
export function propertiesProblem(value: unknown, json?: string): string {
  // zod's record drops an own `__proto__` key before refinements see the value: so does this rule.
  if (value && {}.hasOwnProperty.call(value, '__proto__')) {
    const { ['__proto__']: _, ...rest } = value as Record<string, unknown>
    value = rest
    json = undefined
  }
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [item, depth] = stack.pop()!
    if (item === null || typeof item !== 'object') continue
    if (depth > LIMITS.depth) return `nested deeper than ${LIMITS.depth} levels`
    for (const key in item) {
      if (key.length > LIMITS.key) return `key longer than ${LIMITS.key} characters`
      stack.push([(item as Record<string, unknown>)[key], depth + 1])
    }
  }
  try {
    json ??= stringify(value)
  } catch {
    return 'not JSON'
  }
  // No character takes more than 3 UTF-8 bytes per UTF-16 unit: most values are measured without encoding them.
  return json!.length * 3 > LIMITS.eventBytes && new TextEncoder().encode(json).length > LIMITS.eventBytes ? `over ${LIMITS.eventBytes} bytes` : ''
}
