/**
 * A random UUID v4. Event ids are how the collector de-duplicates at-least-once
 * delivery, so they must be unique across tabs and reloads: never a counter.
 * randomUUID exists only on https and localhost; getRandomValues everywhere.
 */
export function uuid(): string {
  return (
    crypto.randomUUID?.() ??
    '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
    )
  )
}
