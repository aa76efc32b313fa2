/**
 * Console output with one recognisable prefix, and the guards every entry point
 * from the host page goes through. Never throws: a page whose console throws
 * (test setups that fail on output) must not break because of us.
 */
let debugEnabled = false

/** Turns debug logging on or off (the `debug` option). */
export const setDebug = (on: boolean): void => void (debugEnabled = on)

/**
 * Runs `body` and returns its result, or undefined when it throws: for browser APIs that may
 * throw where failing is normal (storage in a sandboxed frame, a full quota, a URL that does not parse).
 * @example
 * quiet(() => localStorage.setItem(key, value))
 */
export function quiet<T>(body: () => T): T | undefined {
  try {
    return body()
  } catch {}
}

const print = (level: 'error' | 'warn' | 'log', args: unknown[]) => quiet(() => console[level]('[journeytag]', ...args))

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

/**
 * addEventListener with a guarded handler (a bug of ours must never reach the page's
 * window.onerror or stop its other listeners); returns its own removal. Bubble phase by
 * default: the captures' own page-hide listeners (capture phase) then run first, and what
 * they record is still queued by the tracker's and sent by the queue's.
 * @example
 * const off = on(window, 'pagehide', hide)
 */
export function on(target: EventTarget, type: string, handler: (event: Event) => void, capture = false): () => void {
  const guarded = (event: Event) => guard(type, () => handler(event))
  target.addEventListener(type, guarded, capture)
  return () => target.removeEventListener(type, guarded, capture)
}

/** setTimeout with the delay clamped: browsers fire a timer over 2^31-1 ms at once, which would be a busy loop. */
export const later = (run: () => void, ms: number): ReturnType<typeof setTimeout> =>
  setTimeout(() => guard('timer', run), Math.min(Math.max(ms, 0), 2 ** 31 - 1))
