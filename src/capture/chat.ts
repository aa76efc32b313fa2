/**
 * Chat opens (`chat_open`): from clicks on chat launchers (configurable CSS
 * selectors), from chatOpened() called by the site, and from the event APIs of
 * Intercom, Crisp, Zendesk, tawk.to and HubSpot when those widgets are on the
 * page, even when they load after journeytag.
 */
import type { Plugin, TrackerApi } from '../plugin'
import { CHAT_ADAPTERS } from './chat-adapters'
import { logError } from '../log'
import { listen } from './listen'

/** Options of the chat capture. */
export interface ChatOptions {
  /** Launcher elements: a click on one (or inside one) is a chat open. Default: {@link DEFAULT_CHAT_SELECTORS}. */
  selectors?: string
  /** Listen to the chat widgets' own events (Intercom, Crisp, Zendesk, tawk.to, HubSpot). Default true. */
  widgets?: boolean
}

/** Launchers recognised by default: your own element marked `data-journeytag-chat="provider"`, and common launcher ids and classes. */
export const DEFAULT_CHAT_SELECTORS =
  '[data-journeytag-chat],[href="#chat"],[href="#open-chat"],#chat-launcher,.chat-launcher,.open-chat,.js-open-chat,.drift-open-chat,.crisp-open,.intercom-launcher'

// A launcher click and the widget's own "opened" event are one opening, not two.
const SAME_OPENING_MS = 5_000
let lastOpen = -Infinity
// chatOpened() records through the running chat() capture, as every capture only uses the tracker it is given.
// Calls made before it starts (a snippet's queue, an early widget) wait for it, a few at most.
let running: Pick<TrackerApi, 'track'> | undefined
const early: (string | undefined)[] = []

function opened(tracker: Pick<TrackerApi, 'track'>, provider?: string, element?: Element): void {
  const now = Date.now()
  if (now - lastOpen < SAME_OPENING_MS) return
  lastOpen = now
  tracker.track('chat_open', provider ? { provider } : {}, element)
}

/**
 * Records a chat open, for a chat journeytag does not detect by itself. Needs
 * the chat() capture (on by default in the script tag); calls made before it
 * starts are recorded when it does. A second call within 5 s is the same opening.
 * @example
 * myChat.on('open', () => chatOpened('livechat'))
 */
export function chatOpened(provider?: string): void {
  const name = typeof provider === 'string' ? provider : undefined
  if (running) opened(running, name)
  else if (early.length < 10) early.push(name)
}

/**
 * Captures chat opens. On by default in the script tag.
 * @example
 * init({ endpoint, plugins: [chat({ selectors: '#help-button, .support-chat' })] })
 */
export function chat(options: ChatOptions = {}): Plugin {
  return (tracker) => {
    let selectors = options.selectors || DEFAULT_CHAT_SELECTORS
    // Selectors that are not valid CSS would match nothing, silently: one error naming them, and the defaults apply.
    try {
      document.querySelector(selectors)
    } catch {
      logError(`chat selectors: not valid CSS (${selectors}); using the defaults`)
      selectors = DEFAULT_CHAT_SELECTORS
    }
    let active = true
    running = tracker
    early.splice(0).forEach((provider) => opened(tracker, provider))
    const detach = [
      listen(document, 'click', (event) => {
        const launcher = (event.target as Element).closest?.(selectors)
        if (launcher && !launcher.closest('[data-journeytag-ignore]')) opened(tracker, launcher.getAttribute('data-journeytag-chat') || undefined, launcher)
      }),
      () => (active = false), // widgets without an "off" keep calling us: they are ignored from now on
      () => running === tracker && (running = undefined),
    ]
    let timer: ReturnType<typeof setTimeout> | undefined
    if (options.widgets !== false) {
      // Widgets often load late (after consent, on scroll): look again with a growing delay, capped, for about 5 minutes.
      let waiting = Object.entries(CHAT_ADAPTERS)
      let delay = 250
      let tries = 0
      const look = () => {
        waiting = waiting.filter(([provider, attach]) => {
          try {
            const attached = attach(window as never, () => active && opened(tracker, provider))
            if (typeof attached === 'function') detach.push(attached)
            return !attached
          } catch {
            return false // a widget whose API broke is left alone
          }
        })
        delay = Math.min(delay * 2, 10_000)
        if (waiting.length && ++tries < 35) timer = setTimeout(look, delay)
      }
      look()
    }
    return () => {
      clearTimeout(timer)
      detach.forEach((off) => off())
    }
  }
}
