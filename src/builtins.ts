/**
 * The built-ins journeytag's delivery path needs, taken when the bundle loads:
 * a page that later replaces JSON.stringify or Array.prototype.map with a
 * broken version must not stop its events from being delivered.
 */
export const { stringify, parse } = JSON

const arrayMap = Array.prototype.map

/**
 * `items.map(f)` with the map taken at load time.
 * @example
 * mapOf(batch, (record) => record.id)
 */
export const mapOf = <T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] => arrayMap.call(items, f as never) as U[]
