/** Console output with one recognisable prefix. Kept tiny: it ships to every visitor. */
const PREFIX = '[journeytag]'

let debugEnabled = false

/** Turns debug logging on or off (the `debug` option). */
export function setDebug(on: boolean): void {
  debugEnabled = on
}

/** A problem the site owner must fix (bad options, bad rules). Always printed. */
export function logError(message: string): void {
  console.error(PREFIX, message)
}

/** Something was dropped or degraded, but the SDK keeps going. Always printed. */
export function logWarning(message: string): void {
  console.warn(PREFIX, message)
}

/** Diagnostics for `debug: true` only. */
export function logDebug(...args: unknown[]): void {
  if (debugEnabled) console.log(PREFIX, ...args)
}
