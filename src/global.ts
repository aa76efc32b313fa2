/**
 * The script-tag entry (dist/journeytag.global.js). Defines one global,
 * `journeytag`, reads options from the tag's data-* attributes, and replays the
 * calls the pre-load snippet queued, in order.
 *
 *   <script>window.journeytag=window.journeytag||function(){(journeytag.q=journeytag.q||[]).push(arguments)}</script>
 *   <script async src="journeytag.global.js" data-endpoint="https://collect.example.com/e"></script>
 */
import { captures, init, track, page, identify, purchase, flush, reset, consent } from './tracker'
import { chatOpened } from './capture/chat'
import { getPhase, onPhase } from './phase'
import { readScriptOptions, readScriptPlugins } from './script-tag-options'
import { logError } from './log'

type Call = [method: string, ...args: unknown[]]

/** The tag this bundle came from: its data-* attributes configure it. */
const script = (document.currentScript ?? document.querySelector('script[src*="journeytag"]')) as HTMLScriptElement | null

/** init() with the options given over the attributes' (the script tag's captures are added by start(), each off by its attribute). */
const initWithCaptures = (given?: object, fromAttributes = {}) => init({ ...fromAttributes, ...given })

const methods: Record<string, (...args: never[]) => unknown> = { init: initWithCaptures, track, page, identify, purchase, flush, reset, consent, chatOpened, onPhase, getPhase }

function call(method: unknown, args: unknown[]): unknown {
  // Own properties only: journeytag('toString') must be an unknown method, not Object.prototype's.
  const target = {}.hasOwnProperty.call(methods, method as string) ? methods[method as string] : undefined
  if (!target) return logError(`journeytag("${String(method)}"): unknown method; expected one of ${Object.keys(methods).join(', ')}`)
  return (target as (...a: unknown[]) => unknown)(...args)
}

function start(): void {
  const w = window as unknown as { journeytag?: { q?: ArrayLike<unknown>; loaded?: boolean } }
  if (w.journeytag?.loaded) return // the bundle was included twice: the first copy stays in charge
  const queued = Array.from((w.journeytag?.q ?? []) as ArrayLike<ArrayLike<unknown>>, (args) => Array.from(args) as Call)
  const global = Object.assign((method: string, ...args: unknown[]) => call(method, args), methods, { loaded: true })
  w.journeytag = global
  captures.push(...readScriptPlugins(script?.dataset ?? {}))
  const problems: string[] = []
  const fromAttributes = script ? readScriptOptions(script.dataset, problems) : {}
  if (problems.length) logError(`script tag: ${problems.join('; ')}`)
  const initCall = queued.find(([method]) => method == 'init')
  // A choice queued in the snippet (a consent banner answered before the bundle arrived) holds before init() records
  // the page view: an opt-out must stop that view too. The choice is stored, not a touchpoint, so replaying it first loses nothing.
  const first = (method: unknown) => method == 'consent'
  for (const [method, ...args] of queued) if (first(method)) call(method, args)
  // Options given in a queued init() call win over attributes. A journeytag script tag starts at once (and says
  // what is missing, an endpoint say); bundled into an app (import 'journeytag/global'), it waits for journeytag('init', …).
  if (initCall || (script && (/journeytag/.test(script.src) || 'endpoint' in script.dataset))) initWithCaptures(initCall?.[1] as object, fromAttributes)
  // A second queued init() is replayed too: it is ignored with init()'s own warning, not in silence.
  for (const queuedCall of queued) if (queuedCall != initCall && !first(queuedCall[0])) call(queuedCall[0], queuedCall.slice(1))
}

try {
  start()
} catch (error) {
  logError(`failed to start: ${(error as Error)?.message}`)
}
