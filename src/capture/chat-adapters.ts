/**
 * Adapters for chat widgets' own event APIs, each per the vendor's documented
 * JS API. `attach` returns undefined while the widget's global is absent (the
 * caller retries later), else a function that detaches (best effort: not every
 * vendor has an "off").
 */
type Report = (provider: string) => void
type AnyFn = (...args: unknown[]) => unknown
/** One chat widget: its provider name and how to listen to its "opened" event. */
export type ChatAdapter = (w: Record<string, any>, report: Report) => (() => void) | undefined

/** Intercom: Intercom('onShow', fn), queued by Intercom's own snippet until it loads. */
const intercom: ChatAdapter = (w, report) => {
  if (typeof w.Intercom !== 'function') return
  let on = true
  w.Intercom('onShow', () => on && report('intercom'))
  return () => (on = false)
}

/** Crisp: $crisp.push(['on', 'chat:opened', fn]); $crisp is a plain queue until Crisp loads. */
const crisp: ChatAdapter = (w, report) => {
  if (!w.$crisp?.push) return
  let on = true
  w.$crisp.push(['on', 'chat:opened', () => on && report('crisp')])
  return () => (on = false) // Crisp's 'off' would also remove the site's own handlers
}

/** Zendesk: messaging zE('messenger:on', 'open', fn) (returns an unsubscribe), classic zE('webWidget:on', 'open', fn). */
const zendesk: ChatAdapter = (w, report) => {
  if (typeof w.zE !== 'function') return
  let on = true
  const opened = () => on && report('zendesk')
  let off: unknown
  try {
    off = w.zE('messenger:on', 'open', opened)
  } catch {
    // the classic widget does not know the messenger API
  }
  try {
    w.zE('webWidget:on', 'open', opened)
  } catch {
    // the messaging widget does not know the classic API
  }
  return () => {
    on = false
    if (typeof off === 'function') off()
  }
}

/** tawk.to: the Tawk_API.onChatMaximized callback property, chained with the site's own. */
const tawk: ChatAdapter = (w, report) => {
  const api = w.Tawk_API
  if (!api || typeof api !== 'object') return
  const previous = api.onChatMaximized as AnyFn | undefined
  const mine = function (this: unknown, ...args: unknown[]) {
    report('tawk')
    return previous?.apply(this, args)
  }
  api.onChatMaximized = mine
  return () => api.onChatMaximized === mine && (api.onChatMaximized = previous)
}

/**
 * HubSpot: HubSpotConversations.on('conversationStarted'), or once it exists via
 * the documented hsConversationsOnReady queue. HubSpot has no "opened" event;
 * 'widgetLoaded' fires for every visitor, so only a started conversation counts.
 */
const hubspot: ChatAdapter = (w, report) => {
  const started = () => report('hubspot')
  const listen = () => w.HubSpotConversations.on('conversationStarted', started)
  if (w.HubSpotConversations?.on) listen()
  else if (Array.isArray(w.hsConversationsOnReady)) w.hsConversationsOnReady.push(listen)
  else return
  return () => w.HubSpotConversations?.off?.('conversationStarted', started)
}

/** The built-in adapters, by provider. */
export const CHAT_ADAPTERS: ChatAdapter[] = [intercom, crisp, zendesk, tawk, hubspot]
