/**
 * In-app navigation for SPAs, shared by the page view and form captures:
 * history.pushState / replaceState are wrapped (the originals kept and restored
 * when the last listener leaves), popstate and hashchange are listened to.
 * Listeners hear each URL change twice: `before` (pushState/replaceState only:
 * the old page is still current, so a form abandon is recorded on the page it
 * happened on) and after.
 */
import { listen } from './listen'

/** One URL change. */
export interface Navigation {
  from: URL
  to: URL
  /** True while the old URL is still current (pushState/replaceState only; popstate is reported after the fact, twice). */
  before: boolean
  /** True for history.replaceState (a redirect or a filter change, not a new view unless the path changed). */
  replace: boolean
}

type Listener = (navigation: Navigation) => void

const listeners = new Set<Listener>()
let current = ''
let unpatch: (() => void) | undefined

function emit(to: string, before: boolean, replace = false): void {
  if (to == current) return
  const change = { from: new URL(current), to: new URL(to), before, replace }
  for (const listener of [...listeners]) {
    try {
      listener(change)
    } catch {
      // a capture bug must never break the app's navigation
    }
  }
  if (!before) current = to
}

function wrap(name: 'pushState' | 'replaceState'): () => void {
  const original = history[name]
  const replace = name == 'replaceState'
  const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
    try {
      // Resolved as the browser resolves it: against the document's base URL (a <base href>), not the current URL.
      if (args[2] != null) emit(new URL(String(args[2]), document.baseURI).href, true, replace)
    } catch {
      // an unparsable URL: the original call will throw the app's own error
    }
    const result = original.apply(this, args)
    emit(location.href, false, replace)
    return result
  }
  history[name] = wrapper
  // Someone wrapped history after us: leave our wrapper in their chain (it only forwards once no one listens).
  return () => {
    if (history[name] === wrapper) history[name] = original
  }
}

const onPop = () => {
  emit(location.href, true)
  emit(location.href, false)
}

/**
 * Calls `listener` on every in-app URL change; returns the unsubscribe function.
 * @example
 * const stop = onNavigate(({ to, before }) => before || console.log('now on', to.pathname))
 */
export function onNavigate(listener: Listener): () => void {
  if (!unpatch) {
    current = location.href
    const restore = [wrap('pushState'), wrap('replaceState'), listen(window, 'popstate', onPop), listen(window, 'hashchange', onPop)]
    unpatch = () => {
      restore.forEach((r) => r())
      unpatch = undefined
    }
  }
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    if (!listeners.size) unpatch?.()
  }
}
