import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { shutdown } from '../../src/tracker'
import { chat, chatOpened } from '../../src/capture/chat'
import { startTracking } from './tracking'

type W = Record<string, any>
const w = window as unknown as W
const GLOBALS = ['Intercom', '$crisp', 'zE', 'Tawk_API', 'HubSpotConversations', 'hsConversationsOnReady']
let clock = Date.parse('2026-01-01T00:00:00Z')

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
  // Each test is a fresh minute, so the 5-second "same opening" window never links two tests.
  clock += 60_000
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: clock })
})
afterEach(() => {
  shutdown()
  vi.useRealTimers()
  for (const name of GLOBALS) delete w[name]
  document.body.innerHTML = ''
})

async function opens(t: ReturnType<typeof startTracking>) {
  vi.useRealTimers()
  return (await t.delivered()).filter((e) => e.type === 'chat_open').map((e) => e.properties)
}

describe('chat opens', () => {
  test('a click on a launcher matching the default selectors, or inside one', async () => {
    document.body.innerHTML = '<button class="chat-launcher"><span id="icon">💬</span></button><button data-journeytag-chat="drift" id="d">Talk</button>'
    const t = startTracking({ plugins: [chat({ widgets: false })] })
    document.getElementById('icon')!.click()
    vi.advanceTimersByTime(6_000)
    document.getElementById('d')!.click()
    expect(await opens(t)).toEqual([{}, { provider: 'drift' }])
  })

  test('custom selectors replace the defaults; other clicks are not chat opens', async () => {
    document.body.innerHTML = '<a id="help" href="#">Help</a><button class="chat-launcher">x</button>'
    const t = startTracking({ plugins: [chat({ selectors: '#help', widgets: false })] })
    document.querySelector<HTMLElement>('.chat-launcher')!.click()
    document.getElementById('help')!.click()
    expect(await opens(t)).toEqual([{}])
  })

  test('launcher selectors that are not valid CSS (data-chat-selectors="#help,") are one console error naming them, and the defaults apply', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    document.body.innerHTML = '<button class="chat-launcher">x</button>'
    const t = startTracking({ plugins: [chat({ selectors: '#help,', widgets: false })] })
    document.querySelector<HTMLElement>('.chat-launcher')!.click()
    document.querySelector<HTMLElement>('.chat-launcher')!.click()
    expect(await opens(t)).toEqual([{}])
    expect(error.mock.calls.map((call) => call.join(' '))).toEqual([expect.stringContaining('chat selectors')])
  })

  test('chatOpened(provider) records one, and a repeat within 5 s is the same opening', async () => {
    const t = startTracking({ plugins: [chat({ widgets: false })] })
    chatOpened('livechat')
    vi.advanceTimersByTime(1_000)
    chatOpened('livechat')
    vi.advanceTimersByTime(5_000)
    chatOpened()
    expect(await opens(t)).toEqual([{ provider: 'livechat' }, {}])
  })

  test('chatOpened() records through the tracker the chat capture was given', () => {
    const tracker = { track: vi.fn(), page: vi.fn(), identify: vi.fn(), flush: vi.fn(), purchase: vi.fn(), hashRouting: () => false }
    const stop = chat({ widgets: false })(tracker)
    chatOpened('livechat')
    expect(tracker.track).toHaveBeenCalledWith('chat_open', { provider: 'livechat' }, undefined)
    if (stop) stop()
  })

  test('chatOpened() called before the tracker starts is recorded once it does', async () => {
    chatOpened('livechat')
    const t = startTracking({ plugins: [chat({ widgets: false })] })
    expect(await opens(t)).toEqual([{ provider: 'livechat' }])
  })

  test('Intercom: onShow, registered through the Intercom queue', async () => {
    const calls: unknown[][] = []
    w.Intercom = (...args: unknown[]) => calls.push(args)
    const t = startTracking({ plugins: [chat()] })
    expect(calls[0]![0]).toBe('onShow')
    ;(calls[0]![1] as () => void)()
    expect(await opens(t)).toEqual([{ provider: 'intercom' }])
  })

  test('Crisp: chat:opened via $crisp.push, even before Crisp loaded (a plain array)', async () => {
    w.$crisp = []
    const t = startTracking({ plugins: [chat()] })
    const [verb, event, callback] = w.$crisp[0]
    expect([verb, event]).toEqual(['on', 'chat:opened'])
    callback()
    expect(await opens(t)).toEqual([{ provider: 'crisp' }])
  })

  test('Zendesk: messenger:on open (messaging) and webWidget:on open (classic)', async () => {
    const handlers: Record<string, () => void> = {}
    w.zE = (api: string, event: string, callback: () => void) => {
      if (api === 'webWidget:on') throw new Error('unknown API') // a messaging widget
      handlers[`${api} ${event}`] = callback
    }
    const t = startTracking({ plugins: [chat()] })
    handlers['messenger:on open']!()
    expect(await opens(t)).toEqual([{ provider: 'zendesk' }])
  })

  test("tawk.to: onChatMaximized, keeping the site's own handler and restoring it on shutdown", async () => {
    const site = vi.fn()
    w.Tawk_API = { onChatMaximized: site }
    const t = startTracking({ plugins: [chat()] })
    w.Tawk_API.onChatMaximized()
    expect(site).toHaveBeenCalledOnce()
    expect(await opens(t)).toEqual([{ provider: 'tawk' }])
    shutdown()
    expect(w.Tawk_API.onChatMaximized).toBe(site)
  })

  test('HubSpot: conversationStarted, through hsConversationsOnReady when the API is not ready yet', async () => {
    w.hsConversationsOnReady = []
    const t = startTracking({ plugins: [chat()] })
    const on = vi.fn()
    w.HubSpotConversations = { on, off: vi.fn() }
    w.hsConversationsOnReady.forEach((ready: () => void) => ready()) // what HubSpot does once loaded
    expect(on).toHaveBeenCalledWith('conversationStarted', expect.any(Function))
    on.mock.calls[0]![1]()
    expect(await opens(t)).toEqual([{ provider: 'hubspot' }])
  })

  test('a widget that loads after journeytag is found by the next look', async () => {
    const t = startTracking({ plugins: [chat()] })
    const calls: unknown[][] = []
    w.Intercom = (...args: unknown[]) => calls.push(args)
    expect(calls).toEqual([])
    vi.advanceTimersByTime(1_000)
    expect(calls.map((c) => c[0])).toEqual(['onShow'])
    vi.advanceTimersByTime(60_000)
    expect(calls).toHaveLength(1) // attached once, not again on every look
    ;(calls[0]![1] as () => void)()
    expect(await opens(t)).toEqual([{ provider: 'intercom' }])
  })

  test('looking for widgets stops after about five minutes when none appears', () => {
    startTracking({ plugins: [chat()] })
    vi.advanceTimersByTime(6 * 60_000)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('a launcher click and the widget event it causes are one chat_open', async () => {
    const calls: unknown[][] = []
    w.Intercom = (...args: unknown[]) => calls.push(args)
    document.body.innerHTML = '<button class="open-chat">Chat</button>'
    const t = startTracking({ plugins: [chat()] })
    document.querySelector<HTMLElement>('.open-chat')!.click()
    vi.advanceTimersByTime(800)
    ;(calls[0]![1] as () => void)()
    expect(await opens(t)).toEqual([{}])
  })
})
