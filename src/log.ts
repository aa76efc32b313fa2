/**
 * Console output with one recognisable prefix. Never throws: a page whose
 * console throws (test setups that fail on output) must not break because of us.
 */
let debugEnabled = false

/** Turns debug logging on or off (the `debug` option). */
export const setDebug = (on: boolean): void => void (debugEnabled = on)

const print = (level: 'error' | 'warn' | 'log', args: unknown[]) => {
  try {
    console[level]('[journeytag]', ...args)
  } catch {}
}

/** A problem the site owner must fix (bad options, bad rules). Always printed. */
export const logError = (message: string): void => print('error', [message])

/** Something was dropped or degraded, but the SDK keeps going. Always printed. */
export const logWarning = (message: string): void => print('warn', [message])

/** Diagnostics for `debug: true` only. */
export const logDebug = (...args: unknown[]): void => void (debugEnabled && print('log', args))

/**
 * Runs `body`, reporting what it throws instead of throwing: every entry point
 * from the host page (calls, listeners, timers) goes through here.
 * @example
 * addEventListener('pagehide', () => guard('pagehide', hide))
 */
export function guard<T>(name: string, body: () => T): T | undefined {
  try {
    return body()
  } catch (error) {
    logError(`${name} failed: ${(error as Error)?.message ?? error}`)
  }
}

/** setTimeout with the delay clamped: browsers fire a timer over 2^31-1 ms at once, which would be a busy loop. */
export const later = (run: () => void, ms: number): ReturnType<typeof setTimeout> =>
  setTimeout(() => guard('timer', run), Math.min(Math.max(ms, 0), 2 ** 31 - 1))
