/** What the friction captures share: how they start and stop, and how they name an element. */
import type { TrackerApi } from '../../plugin'

/** What each friction capture is given: the tracker's track(), `on` to listen (guarded, removed by shutdown()), and `stop` for other teardowns. */
export interface Kit {
  track: TrackerApi['track']
  on(type: string, handler: (event: Event) => void, target?: EventTarget, capture?: boolean): void
  stop: (() => void)[]
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
