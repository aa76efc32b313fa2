/** What the friction captures share: how they start and stop, how they observe, and how they name an element. */
import type { TrackerApi } from '../../plugin'

/**
 * What each friction capture is given, under short names because every capture's minified code
 * repeats them: `t`, the tracker's track(); `on` to listen (guarded, removed by shutdown()); `s`,
 * other teardowns; `c`, handlers of the one click listener rage and dead clicks share (pointer
 * clicks only); `n`, handlers of a new page view (an in-app navigation, after the URL changed, or a
 * restore from the back/forward cache).
 */
export interface Kit {
  t: TrackerApi['track']
  on(type: string, handler: (event: Event) => void, target?: EventTarget, capture?: boolean): void
  s: (() => void)[]
  c: ((event: MouseEvent) => void)[]
  n: (() => void)[]
}

/** Calls each function of `list` with `arg`: the kit's lists of handlers and teardowns. */
export const each = <T>(list: ((arg: T) => void)[], arg?: T): void => list.forEach((f) => f(arg!))

/**
 * A selector-like description (`button#buy.btn.primary`, at most two classes) and the
 * `data-journeytag` name of the element or an ancestor, when there is one; never its text.
 * @example
 * describeElement(button) // { element: 'button#buy.btn', name: 'buy_clicked' }
 */
export const describeElement = (el: Element): Record<string, string | undefined> => ({
  element: [el.localName + (el.id && '#' + el.id), ...el.classList].slice(0, 3).join('.'),
  name: (el.closest('[data-journeytag]') as HTMLElement | null)?.dataset.journeytag,
})

/** Starts an observer (none: `false` or undefined) with `args`; returns its disconnect. */
const observe = (observer: false | undefined | { observe(...args: never[]): void; disconnect(): void }, ...args: unknown[]): (() => void) => (
  observer && observer.observe(...(args as never[])), () => observer && observer.disconnect()
)

/**
 * Observes one PerformanceObserver entry type, where the browser has it (never a console
 * warning for one it lacks); returns the disconnect. supportedEntryTypes is in every browser that runs the
 * ES2020 bundle, but PerformanceObserver itself may be off (Pale Moon, Firefox's dom.enable_performance_observer).
 * @example
 * const stop = observeEntries('resource', (entries) => console.log(entries.length))
 */
export const observeEntries = (type: string, callback: (entries: PerformanceEntry[]) => void, init?: object): (() => void) =>
  observe(self.PerformanceObserver?.supportedEntryTypes.includes(type) && new PerformanceObserver((list) => callback(list.getEntries())), { type, ...init })

/**
 * Observes the mutations of the whole document that `init` names; returns the disconnect.
 * @example
 * const stop = observeDocument(() => console.log('changed'), { childList: true })
 */
export const observeDocument = (callback: MutationCallback, init: MutationObserverInit): (() => void) => observe(new MutationObserver(callback), document, { subtree: true, ...init })
