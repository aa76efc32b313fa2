/** addEventListener that returns its own removal, so each capture's teardown is one list of calls. */
export function listen(target: EventTarget, type: string, handler: (event: Event) => void, capture = true): () => void {
  target.addEventListener(type, handler, capture)
  return () => target.removeEventListener(type, handler, capture)
}
