/**
 * Friction touchpoints: the obstacles a journey map exists to find, each its own
 * module, all on by default. Listeners are passive and guarded; nothing is read
 * that a visitor typed.
 */
import type { Plugin } from '../../plugin'
import { guard } from '../../log'
import { listen } from '../listen'
import { onNavigate } from '../navigation'
import { rageClick } from './rage-click'
import { deadClick } from './dead-click'
import { formError } from './form-error'
import { errorPage, type ErrorPageOptions } from './error-page'
import { jsError } from './js-error'
import { slowPage, type SlowPageOptions } from './slow-page'
import { each, type Kit } from './shared'

/** Which friction kinds to capture (each on unless `false`), and their settings. */
export interface FrictionOptions {
  /** `rage_click`: 3 clicks within 1 s and 30 px of each other. */
  rageClick?: boolean
  /** `dead_click`: a click on a control after which nothing happens for 1 s. */
  deadClick?: boolean
  /** `form_error`: fields failing validation (`invalid` events, `aria-invalid="true"`). */
  formError?: boolean
  /** `error_page`: a page marked as an error page; an object adds a title or selector match. */
  errorPage?: boolean | ErrorPageOptions
  /** `js_error`: uncaught errors and unhandled rejections, 5 per page view at most. */
  jsError?: boolean
  /** `slow_page`: LCP or INP over its threshold; an object sets the thresholds (ms). */
  slowPage?: boolean | SlowPageOptions
}

const KINDS: Record<keyof FrictionOptions, (kit: Kit, options: never) => void> = { rageClick, deadClick, formError, errorPage, jsError, slowPage }

/** The friction kinds, in the order they start; the script tag has a switch for each (`data-friction-<kind>="false"`). */
// Marked pure so bundles that never read it (npm apps without friction()) drop it, and the kinds with it.
export const FRICTION_KINDS = /* @__PURE__ */ Object.keys(KINDS) as (keyof FrictionOptions)[]

/**
 * Captures friction touchpoints: `rage_click`, `dead_click`, `form_error`,
 * `error_page`, `js_error`, `slow_page`. On by default in the script tag.
 * @example
 * init({ endpoint, plugins: [friction({ jsError: false, slowPage: { lcp: 3000 } })] })
 */
export function friction(options: FrictionOptions = {}): Plugin {
  return ({ track }) => {
    const kit: Kit = { t: track, s: [], c: [], n: [], on: (type, handler, target = document, capture) => kit.s.push(listen(target, type, handler, capture)) }
    // Each kind starts on its own: a browser without one's API keeps the others.
    for (const key in KINDS) options[key as keyof FrictionOptions] !== false && guard(key, () => KINDS[key as keyof FrictionOptions](kit, (options[key as keyof FrictionOptions] || {}) as never))
    // One click listener for rage and dead clicks; keyboard and scripted clicks (`detail` 0) have no spot and are left out.
    kit.on('click', (e) => (e as MouseEvent).detail && each(kit.c, e as MouseEvent))
    // A new page view: after an in-app navigation changed the URL, or the page restored from the back/forward cache.
    kit.on('pageshow', (e) => (e as PageTransitionEvent).persisted && each(kit.n), window)
    kit.s.push(onNavigate(({ before }) => before || each(kit.n)))
    return () => each(kit.s)
  }
}
