/**
 * Adapters for chat widgets' own event APIs, each per the vendor's documented
 * JS API. An adapter returns false while the widget's global is absent (the
 * caller looks again later), true once listening, or a function that detaches
 * where the vendor allows it (otherwise the caller ignores later calls).
 */
type Report = (provider: string) => void
type AnyFn = (...args: unknown[]) => unknown
/** Listens to one chat widget's "opened" event, when that widget is on the page. */
export type ChatAdapter = (w: Record<string, any>, report: Report) => boolean | (() => void)

/** Intercom: Intercom('onShow', fn), queued by Intercom's own snippet until it loads. */
const intercom: ChatAdapter = (w, report) => typeof w.Intercom === 'function' && (w.Intercom('onShow', () => report('intercom')), true)

/** Crisp: $crisp.push(['on', 'chat:opened', fn]); $crisp is a plain queue until Crisp loads. (Crisp's 'off' would remove the site's handlers too.) */
const crisp: ChatAdapter = (w, report) => !!w.$crisp?.push && (w.$crisp.push(['on', 'chat:opened', () => report('crisp')]), true)

/** Zendesk: messaging zE('messenger:on', 'open', fn) and classic zE('webWidget:on', 'open', fn); a widget knows one of the two. */
const zendesk: ChatAdapter = (w, report) => {
  if (typeof w.zE !== 'function') return false
  for (const api of ['messenger:on', 'webWidget:on']) {
    try {
      w.zE(api, 'open', () => report('zendesk'))
    } catch {
      // the other kind of widget
    }
  }
  return true
}

/** tawk.to: the Tawk_API.onChatMaximized callback property, chained with the site's own and restored on teardown. */
const tawk: ChatAdapter = (w, report) => {
  const api = w.Tawk_API
  if (!api || typeof api !== 'object') return false
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
 * the documented hsConversationsOnReady queue. HubSpot has no "opened" event, and
 * 'widgetLoaded' fires for every visitor, so only a started conversation counts.
 */
const hubspot: ChatAdapter = (w, report) => {
  const listen = () => w.HubSpotConversations.on('conversationStarted', () => report('hubspot'))
  if (w.HubSpotConversations?.on) listen()
  else if (Array.isArray(w.hsConversationsOnReady)) w.hsConversationsOnReady.push(listen)
  else return false
  return true
}

/** The built-in adapters. */
export const CHAT_ADAPTERS: ChatAdapter[] = [intercom, crisp, zendesk, tawk, hubspot]
