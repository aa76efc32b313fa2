/**
 * dead_click: a click on something that looks interactive, after which nothing
 * happens for DEAD_MS: no DOM mutation, no resource or fetch completed, no URL
 * change, no scroll, submit or validation event, the page not hidden,
 * and (for a link) no default action left to the browser. Measured, not guessed:
 * the observers run only during that window, one window at a time.
 */
import { later } from '../../log'
import { listen } from '../listen'
import { CONTROL, describeElement, type Kit } from './shared'

export const DEAD_MS = 1000

// Fields answer a click without any of the signals (a caret, an open <select>).
const FIELDS = 'input,select,textarea,label'

/**
 * The element a click was meant for, if it looks interactive: a link or button, or anything with `cursor: pointer`.
 * @example
 * clickedControl(spanInsideButton) // the button
 */
export const clickedControl = (target: Element): Element | null | false =>
  target.closest(CONTROL) || (!target.closest(FIELDS) && getComputedStyle(target).cursor == 'pointer' && target)

export function deadClick({ t: track, c: click }: Kit): void {
  let watching = false
  click.push((e) => {
    const el = !watching && clickedControl(e.target as Element)
    if (!el) return
    watching = true
    let changed = false
    const change = () => (changed = true)
    const href = location.href
    const mutations = new MutationObserver(change)
    mutations.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
    const requests = self.PerformanceObserver && new PerformanceObserver(change)
    requests?.observe({ type: 'resource' })
    const signals = ['scroll', 'submit', 'invalid'].map((type) => listen(window, type, change))
    later(() => {
      watching = false
      mutations.disconnect()
      requests?.disconnect()
      signals.forEach((off) => off())
      // A link the page did not take over is the browser's to follow (a slow page, a new tab, a download).
      if (!changed && !document.hidden && href == location.href && (e.defaultPrevented || !el.closest('a[href]'))) track('dead_click', describeElement(el), el)
    }, DEAD_MS)
  })
}
