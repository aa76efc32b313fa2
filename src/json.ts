/**
 * Copies user-supplied properties into plain JSON: what the collector will get
 * anyway, and a snapshot the page can no longer mutate. Returns undefined for
 * what cannot be sent (not an object, circular, BigInt).
 */
export function toJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) return undefined
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
  } catch {
    return undefined
  }
}
