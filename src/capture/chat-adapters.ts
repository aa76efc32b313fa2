/**
 * Adapters for chat widgets' own event APIs, each per the vendor's documented
 * JS API, keyed by the provider name they report. An adapter returns false
 * while the widget's global is absent (the caller looks again later), true once
 * listening, or a function that detaches where the vendor allows it (otherwise
 * the caller ignores later calls). `opened` is the widget's "opened" handler.
 */
type AnyFn = (...args: unknown[]) => unknown
/** Listens to one chat widget's "opened" event, when that widget is on the page. */
export type ChatAdapter = (w: Record<string, any>, opened: () => void) => boolean | (() => void)

/** The built-in adapters, by provider. */
export const CHAT_ADAPTERS: Record<string, ChatAdapter> = {
  /** Intercom: Intercom('onShow', fn), queued by Intercom's own snippet until it loads. */
  intercom: (w, opened) => typeof w.Intercom === 'function' && (w.Intercom('onShow', opened), true),

  /** Crisp: $crisp.push(['on', 'chat:opened', fn]); $crisp is a plain queue until Crisp loads. (Crisp's 'off' would remove the site's handlers too.) */
  crisp: (w, opened) => !!w.$crisp?.push && (w.$crisp.push(['on', 'chat:opened', opened]), true),

  /** Zendesk: messaging zE('messenger:on', 'open', fn) and classic zE('webWidget:on', 'open', fn); a widget knows one of the two. */
  zendesk: (w, opened) => {
    if (typeof w.zE !== 'function') return false
    for (const api of ['messenger:on', 'webWidget:on']) {
      try {
        w.zE(api, 'open', opened)
      } catch {
        // the other kind of widget
      }
    }
    return true
  },

  /** tawk.to: the Tawk_API.onChatMaximized callback property, chained with the site's own and restored on teardown. */
  tawk: (w, opened) => {
    const api = w.Tawk_API
    if (!api || typeof api !== 'object') return false
    const previous = api.onChatMaximized as AnyFn | undefined
    const mine = function (this: unknown, ...args: unknown[]) {
      opened()
      return previous?.apply(this, args)
    }
    api.onChatMaximized = mine
    return () => api.onChatMaximized === mine && (api.onChatMaximized = previous)
  },

  /**
   * HubSpot: HubSpotConversations.on('conversationStarted'), or once it exists via
   * the documented hsConversationsOnReady queue. HubSpot has no "opened" event, and
   * 'widgetLoaded' fires for every visitor, so only a started conversation counts.
   */
  hubspot: (w, opened) => {
    const listen = () => w.HubSpotConversations.on('conversationStarted', opened)
    if (w.HubSpotConversations?.on) listen()
    else if (Array.isArray(w.hsConversationsOnReady)) w.hsConversationsOnReady.push(listen)
    else return false
    return true
  },
}
