/**
 * JSON in localStorage that never throws: storage can be disabled, full, or
 * blocked in sandboxed iframes, and tracking must go on regardless (in memory).
 */
const memory = new Map<string, string>()

function backend(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined
  } catch {
    return undefined
  }
}

/** Reads a stored JSON value, or undefined when absent or unreadable. */
export function readStored<T>(key: string): T | undefined {
  let raw: string | null | undefined
  try {
    raw = backend()?.getItem(key)
  } catch {
    raw = undefined
  }
  raw ??= memory.get(key)
  if (raw == null) return undefined
  try {
    return JSON.parse(raw) as T
  } catch {
    return undefined
  }
}

/** Stores a JSON value (memory fallback when localStorage refuses). */
export function writeStored(key: string, value: unknown): void {
  const raw = JSON.stringify(value)
  memory.set(key, raw)
  try {
    backend()?.setItem(key, raw)
  } catch {
    // quota or access denied: the in-memory copy keeps this page consistent
  }
}

/** Removes a stored value. */
export function removeStored(key: string): void {
  memory.delete(key)
  try {
    backend()?.removeItem(key)
  } catch {
    // nothing to do: the value is gone from memory at least
  }
}
