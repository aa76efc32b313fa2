import { guard } from '../log'

/**
 * addEventListener that returns its own removal, so each capture's teardown is
 * one list of calls. The handler is guarded: capture runs inside the host page's
 * events, and a bug of ours must cost one touchpoint, never reach the page's
 * window.onerror or stop its other listeners.
 * @example
 * const stop = listen(document, 'click', (event) => console.log(event.target))
 */
export function listen(target: EventTarget, type: string, handler: (event: Event) => void, capture = true): () => void {
  const guarded = (event: Event) => guard(`${type} capture`, () => handler(event))
  target.addEventListener(type, guarded, capture)
  return () => target.removeEventListener(type, guarded, capture)
}
