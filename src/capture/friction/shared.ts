/** What the friction captures share: how they start and stop, and how they name an element. */
import type { TrackerApi } from '../../plugin'

/** What each friction capture is given, under short names because every capture's minified code repeats them: `t`, the tracker's track(); `on` to listen (guarded, removed by shutdown()); `s`, other teardowns; `c`, handlers of the one click listener rage and dead clicks share (pointer clicks only). */
export interface Kit {
  t: TrackerApi['track']
  on(type: string, handler: (event: Event) => void, target?: EventTarget, capture?: boolean): void
  s: (() => void)[]
  c: ((event: MouseEvent) => void)[]
}

/** What looks like a control: links and buttons. */
export const CONTROL = 'a,button,[role=button],[onclick],[type=submit]'

/**
 * A selector-like description (`button#buy.btn.primary`, at most two classes) and the
 * `data-journeytag` name of the element or an ancestor, when there is one; never its text.
 * @example
 * describeElement(button) // { element: 'button#buy.btn', name: 'buy_clicked' }
 */
export function describeElement(el: Element): Record<string, string> {
  const name = el.closest('[data-journeytag]')?.getAttribute('data-journeytag')
  const element = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].slice(0, 2).map((c) => '.' + c).join('')
  return name ? { element, name } : { element }
}
