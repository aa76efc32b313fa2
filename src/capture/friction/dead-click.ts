/**
 * dead_click: a click on something that looks interactive, after which nothing
 * happens for 1 s: no DOM mutation, no resource or fetch completed, no URL
 * change, no scroll, submit or validation event, the page not hidden,
 * and (for a link) no default action left to the browser. Measured, not guessed:
 * the observers run only during that window, one window at a time.
 */
import { later } from '../../log'
import { listen } from '../listen'
import { describeElement, each, observeDocument, observeEntries, type Kit } from './shared'

/**
 * The element a click was meant for, if it looks interactive: a link or button, or
 * anything with `cursor: pointer` that is not a form field or label (they answer a
 * click without any of the signals: a caret, an open <select>).
 * @example
 * clickedControl(spanInsideButton) // the button
 */
export const clickedControl = (target: Element): Element | null | false =>
  target.closest('a,button,[role=button],[onclick],[type=submit]') || (!target.closest('input,select,textarea,label') && getComputedStyle(target).cursor == 'pointer' && target)

export const deadClick = ({ t: track, c: clicks }: Kit): void => {
  let watching: unknown
  clicks.push((e) => {
    const el = !watching && clickedControl(e.target as Element)
    if (!el) return
    const href = location.href
    let changed: unknown
    const change = () => (changed = 1)
    const stops = [observeDocument(change, { childList: true, attributes: true, characterData: true }), observeEntries('resource', change), ...['scroll', 'submit', 'invalid'].map((type) => listen(window, type, change))]
    watching = later(() => {
      watching = 0
      each(stops)
      // A link the page did not take over is the browser's to follow (a slow page, a new tab, a download).
      changed || document.hidden || href != location.href || (!e.defaultPrevented && el.closest('a[href]')) || track('dead_click', describeElement(el), el)
    }, 1000)
  })
}
