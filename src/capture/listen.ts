import { on } from '../log'

/**
 * addEventListener that returns its own removal, so each capture's teardown is
 * one list of calls; `on()` of log.ts with capture on by default, so a capture
 * sees an event before the page's handlers can stop it. The handler is guarded:
 * a bug of ours costs one touchpoint, never reaches the page's window.onerror or
 * stops its other listeners.
 * @example
 * const stop = listen(document, 'click', (event) => console.log(event.target))
 */
export const listen = (target: EventTarget, type: string, handler: (event: Event) => void, capture = true): (() => void) => on(target, type, handler, capture)
