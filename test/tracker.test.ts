import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { flush, identify, init, page, purchase, reset, shutdown, track } from '../src/tracker'
import { eventSchema } from '../src/contract/event'
import { captureTransport } from './support/capture-transport'

let sink: ReturnType<typeof captureTransport>

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  history.replaceState(null, '', '/')
  sink = captureTransport()
})

afterEach(() => shutdown())

const start = (options: Record<string, unknown> = {}) => init({ transport: sink.transport, autoPageviews: false, ...options })
/** Lets loaded rules settle and delivers what is queued. */
async function delivered() {
  await new Promise((r) => setTimeout(r, 0))
  await flush()
  return sink.events()
}

describe('tracking touchpoints', () => {
  test('a tracked touchpoint reaches the collector as a valid event with page context and phase', async () => {
    history.replaceState(null, '', '/pricing?plan=team')
    document.title = 'Pricing'
    start()
    track('plan_selected', { plan: 'team', seats: 5 })
    const [event] = await delivered()
    expect(eventSchema.safeParse(event).success).toBe(true)
    expect(event).toMatchObject({
      type: 'plan_selected',
      phase: 'consideration',
      properties: { plan: 'team', seats: 5 },
      page: { path: '/pricing', title: 'Pricing', url: `${location.origin}/pricing?plan=team` },
      channel: 'direct',
    })
  })

  test('every event gets a unique id; one visitor keeps one anonymous id and session', async () => {
    start()
    track('a')
    track('b')
    const [a, b] = await delivered()
    expect(a!.id).not.toBe(b!.id)
    expect(a!.anonymousId).toBe(b!.anonymousId)
    expect(a!.sessionId).toBe(b!.sessionId)
  })

  test('the batch envelope carries the schema version and the send time', async () => {
    start()
    track('a')
    await delivered()
    expect(sink.batches[0]).toMatchObject({ schemaVersion: 1 })
    expect(Date.parse(sink.batches[0]!.sentAt)).toBeGreaterThan(Date.now() - 5_000)
  })

  test('calls made before init() are kept and replayed in order', async () => {
    track('early_one')
    identify('user-1')
    track('early_two')
    start()
    const events = await delivered()
    expect(events.map((e) => e.type)).toEqual(['early_one', 'identify', 'early_two'])
    expect(events[2]!.userId).toBe('user-1')
  })

  test('a logout before init() (identify, track, reset(), track, then init()): the events after it are not of the user who logged out', async () => {
    identify('user-1')
    track('while_identified')
    reset()
    track('after_reset')
    start()
    const events = await delivered()
    expect(events.map((e) => e.type)).toEqual(['identify', 'while_identified', 'after_reset'])
    expect(events[1]!.userId).toBe('user-1')
    expect(events[2]!.userId).toBeUndefined()
    expect(events[2]!.anonymousId).not.toBe(events[1]!.anonymousId)
    expect(localStorage.getItem('journeytag:userId')).toBeNull() // nor on the next page
  })

  test('a logout after over 100 calls before init() (the later ones dropped) still undoes the identify() kept before them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    identify('user-1')
    for (let i = 0; i < 120; i++) track(`early_${i}`)
    for (let i = 0; i < 1000; i++) reset() // a component that resets on every render
    start()
    const events = await delivered()
    expect(events[0]!.userId).toBe('user-1')
    expect(localStorage.getItem('journeytag:userId')).toBeNull()
    expect(warn).toHaveBeenCalledTimes(1)
  })

  test('a call made before init() is a snapshot too: its properties, time, URL and title as they were when it was made', async () => {
    history.replaceState(null, '', '/product/mug')
    document.title = 'Mug'
    const properties = { step: 1 }
    const calledAt = Date.now()
    track('configurator_opened', properties)
    properties.step = 2 // the app reuses its object
    await new Promise((r) => setTimeout(r, 50))
    history.pushState(null, '', '/checkout') // and moves on before init() runs
    document.title = 'Checkout'
    start()
    const [event] = await delivered()
    expect(event).toMatchObject({ properties: { step: 1 }, page: { path: '/product/mug', title: 'Mug' } })
    expect(Date.parse(event!.timestamp)).toBeLessThan(calledAt + 50)
  })

  test('on a page the browser prerenders, nothing is recorded until it is shown; then the page view and the calls made meanwhile are', async () => {
    Object.defineProperty(document, 'prerendering', { value: true, configurable: true })
    try {
      start({ autoPageviews: true })
      track('seen_by_nobody_yet')
      expect(await delivered()).toEqual([])
      expect(localStorage.length).toBe(0) // no id, no session for a page nobody saw
      await new Promise((r) => setTimeout(r, 30))
      const shownAt = Date.now()
      Object.defineProperty(document, 'prerendering', { value: false, configurable: true })
      document.dispatchEvent(new Event('prerenderingchange'))
      const events = await delivered()
      expect(events.map((e) => e.type)).toEqual(['page_view', 'seen_by_nobody_yet'])
      // Both timed when the page was shown: nothing happened for the visitor before.
      for (const e of events) expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(shownAt)
    } finally {
      delete (document as { prerendering?: boolean }).prerendering
    }
  })

  test('the automatic page view is recorded at init', async () => {
    history.replaceState(null, '', '/products/mug')
    start({ autoPageviews: true })
    const [view] = await delivered()
    expect(view).toMatchObject({ type: 'page_view', phase: 'consideration', page: { path: '/products/mug' } })
  })

  test('an SPA page view has the previous in-app URL as referrer', async () => {
    start()
    page()
    history.pushState(null, '', '/pricing')
    page()
    const [first, second] = await delivered()
    expect(second!.page.referrer).toBe(first!.page.url)
  })

  test("a relative href in page()'s view resolves against document.URL, as the browser resolves a link", async () => {
    history.replaceState(null, '', '/shop/cart?step=1#top')
    start()
    page({}, { at: Date.now(), href: '/x' })
    page({}, { at: Date.now(), href: 'y?plan=team' })
    page({}, { at: Date.now(), href: '#/route' })
    expect((await delivered()).map((e) => [e.page.url, e.page.path, e.page.referrer])).toEqual([
      [`${location.origin}/x`, '/x', `${location.origin}/shop/cart?step=1`],
      [`${location.origin}/shop/y?plan=team`, '/shop/y', `${location.origin}/x`],
      [`${location.origin}/shop/cart?step=1`, '/shop/cart', `${location.origin}/shop/y?plan=team`], // the fragment is never kept
    ])
  })

  test('sensitive query parameters never leave the page', async () => {
    history.replaceState(null, '', '/reset?token=abc123&email=a%40b.c&utm_source=mail&secret_thing=1')
    start({ stripParams: ['secret_thing'] })
    track('x')
    const [event] = await delivered()
    expect(event!.page.url).toBe(`${location.origin}/reset?utm_source=mail`)
  })
})

describe('phases from the visitor history', () => {
  test('after a first purchase, the same visitor is in retention', async () => {
    start()
    track('page_view')
    purchase({ orderId: 'A-1', value: 20, currency: 'eur' })
    track('page_view')
    const events = await delivered()
    expect(events.map((e) => e.phase)).toEqual(['awareness', 'conversion', 'retention'])
    expect(events[1]!.properties).toMatchObject({ orderId: 'A-1', value: 20, currency: 'EUR' })
  })

  test('reset() forgets the visitor: new anonymous id, no user id, no purchase history', async () => {
    start()
    identify('user-7')
    purchase({ orderId: 'A-2', value: 5, currency: 'USD' })
    reset()
    track('page_view')
    const events = await delivered()
    const after = events.at(-1)!
    expect(after.anonymousId).not.toBe(events[0]!.anonymousId)
    expect(after.userId).toBeUndefined()
    expect(after.phase).toBe('awareness')
  })
})

describe('rules', () => {
  test('inline rules assign phases', async () => {
    start({ rules: { rules: [{ phase: 'advocacy', when: { type: 'nps_answered', properties: { score: [9, 10] } } }] } })
    track('nps_answered', { score: 10 })
    track('nps_answered', { score: 3 })
    expect((await delivered()).map((e) => e.phase)).toEqual(['advocacy', 'awareness'])
  })

  test('invalid rules give one console error naming the rule and field, and the default rules apply', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    history.replaceState(null, '', '/pricing')
    start({ rules: { rules: [{ phase: 'awareness', when: { paht: '/x' } }] } })
    track('page_view')
    const [event] = await delivered()
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0]!.join(' '))).toContain('rules[0].when.paht: unknown key')
    expect(event!.phase).toBe('consideration')
  })

  test('rules from a JSON file: touchpoints tracked while it loads wait for it', async () => {
    const realFetch = globalThis.fetch
    globalThis.fetch = vi.fn(async () => new Response(JSON.stringify({ rules: [{ phase: 'retention', when: { type: 'login' } }] }))) as typeof fetch
    try {
      start({ rules: '/journey-rules.json' })
      track('login')
      await new Promise((r) => setTimeout(r, 10))
      const events = await delivered()
      expect(globalThis.fetch).toHaveBeenCalledWith('/journey-rules.json', expect.anything())
      expect(events.map((e) => e.phase)).toEqual(['retention'])
    } finally {
      globalThis.fetch = realFetch
    }
  })

  test('touchpoints waiting for a slow rules file are not lost when the page is left: they go out with the default rules', async () => {
    const realFetch = globalThis.fetch
    globalThis.fetch = vi.fn(() => new Promise<Response>(() => {})) as typeof fetch // the rules file never arrives
    try {
      start({ rules: '/journey-rules.json' })
      track('purchase', { orderId: 'A-9' })
      dispatchEvent(new Event('pagehide'))
      const events = await delivered()
      expect(events.map((e) => [e.type, e.phase])).toEqual([['purchase', 'conversion']])
      // A default-rules phase is sent but not remembered: the site's own rules may name phases differently.
      expect(JSON.parse(localStorage.getItem('journeytag:visitor') ?? '{}').reached ?? []).toEqual([])
    } finally {
      globalThis.fetch = realFetch
    }
  })

  test('a rules file that never answers gives way to the default rules after 5 s, also where AbortSignal.timeout is missing', async () => {
    const realFetch = globalThis.fetch
    const realTimeout = AbortSignal.timeout
    // Safari 15, Chrome 102, Firefox 99: no AbortSignal.timeout. The request ends only when aborted.
    ;(AbortSignal as { timeout?: unknown }).timeout = undefined
    globalThis.fetch = vi.fn((_url: unknown, init?: RequestInit) => new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)))) as typeof fetch
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      start({ rules: '/stalled.json' })
      track('purchase', { orderId: '1' })
      await vi.advanceTimersByTimeAsync(5_000)
      vi.useRealTimers()
      expect((await delivered()).map((e) => e.phase)).toEqual(['conversion'])
      expect(String(error.mock.calls[0]!.join(' '))).toContain('rules: could not load "/stalled.json" (timed out after 5 s)')
    } finally {
      vi.useRealTimers()
      globalThis.fetch = realFetch
      ;(AbortSignal as { timeout?: unknown }).timeout = realTimeout
    }
  })

  test('a rules file that cannot be loaded is reported and the defaults apply', async () => {
    const realFetch = globalThis.fetch
    globalThis.fetch = vi.fn(async () => new Response('nope', { status: 404 })) as typeof fetch
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      start({ rules: '/missing.json' })
      track('purchase', { orderId: '1' })
      await new Promise((r) => setTimeout(r, 10))
      expect((await delivered()).map((e) => e.phase)).toEqual(['conversion'])
      expect(String(error.mock.calls[0]!.join(' '))).toContain('rules: could not load "/missing.json" (HTTP 404)')
    } finally {
      globalThis.fetch = realFetch
    }
  })
})

describe('beforeSend', () => {
  test('can enrich events', async () => {
    start({ beforeSend: (e: { properties: Record<string, unknown> }) => ({ ...e, properties: { ...e.properties, abTest: 'b' } }) })
    track('x')
    expect((await delivered())[0]!.properties).toEqual({ abTest: 'b' })
  })

  test("a page that replaces JSON.stringify after load does not make beforeSend's events invalid", async () => {
    start({ beforeSend: (e: { properties: Record<string, unknown> }) => ({ ...e, properties: { ...e.properties, abTest: 'b' } }) })
    const pages = JSON.stringify
    JSON.stringify = () => {
      throw new Error("the page's own JSON.stringify")
    }
    try {
      track('x', { plan: 'pro' })
      await Promise.resolve() // the event is built in a microtask, with the page's JSON.stringify still in place
    } finally {
      JSON.stringify = pages
    }
    expect((await delivered())[0]!.properties).toEqual({ plan: 'pro', abTest: 'b' })
  })

  test('can drop events by returning null', async () => {
    start({ beforeSend: (e: { type: string }) => (e.type === 'internal' ? null : e) })
    track('internal')
    track('kept')
    expect((await delivered()).map((e) => e.type)).toEqual(['kept'])
  })

  test('a hook that returns nothing drops the event, as null does, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // A filter that keeps what it returns: the admin pages must stay out. A hook that only forgot `return` is told why nothing arrives.
    start({ beforeSend: ((e: { type: string }) => { if (e.type != 'admin_view') return e }) as never })
    track('admin_view')
    track('admin_view')
    track('kept')
    expect((await delivered()).map((e) => e.type)).toEqual(['kept'])
    expect(warn).toHaveBeenCalledOnce()
    expect(warn.mock.calls[0]!.join(' ')).toContain('beforeSend returned nothing')
  })

  test('returning false drops the event, as null does', async () => {
    start({ beforeSend: (e: { type: string }) => e.type != 'internal' && e })
    track('internal')
    track('kept')
    expect((await delivered()).map((e) => e.type)).toEqual(['kept'])
  })

  test('a hook that throws does not lose the event', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    start({ beforeSend: () => { throw new Error('boom') } })
    track('x')
    expect((await delivered()).map((e) => e.type)).toEqual(['x'])
    expect(warn).toHaveBeenCalledOnce()
  })

  test('what the hook adds that JSON cannot carry never reaches the queue, and other events are unaffected', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    start({
      beforeSend: (e: { type: string; properties: Record<string, unknown> }) =>
        e.type === 'big' ? { ...e, properties: { n: 10n } } : { ...e, properties: { ...e.properties, callback: () => 1 } },
    })
    track('big')
    track('with_function', { kept: true })
    expect((await delivered()).map((e) => [e.type, e.properties])).toEqual([['with_function', { kept: true }]])
    expect(warn).toHaveBeenCalledOnce()
  })

  test('a hook that breaks the event and then throws does not smuggle it out', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    start({ beforeSend: (e: { sessionId: unknown }) => { e.sessionId = 42; throw new Error('late') } })
    track('x')
    expect(await delivered()).toEqual([])
  })

  test('an event the hook broke is dropped with a warning naming the field', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    start({ beforeSend: (e: object) => ({ ...e, sessionId: 42 }) })
    track('x')
    track('y')
    expect(await delivered()).toEqual([])
    expect(String(warn.mock.calls[0]!.join(' '))).toContain('sessionId: expected string')
  })
})

describe('bad input never throws into the page', () => {
  test('bad calls are warned about and dropped; good calls around them still arrive', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    start()
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => {
      track('')
      track(42 as never)
      track('circular', circular)
      track('list', [1, 2] as never)
      identify('' as never)
      track('ok')
    }).not.toThrow()
    expect((await delivered()).map((e) => e.type)).toEqual(['ok'])
    // Four dropped touchpoints are warnings; a user id that cannot be valid is a console error (issue 12), the call ignored.
    expect(warn).toHaveBeenCalledTimes(4)
    expect(error.mock.calls.map((c) => c.join(' '))).toEqual([expect.stringContaining('identify()')])
  })

  test("a page() view href that is no URL even against the page's is dropped with a warning naming the field", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    start()
    page({}, { at: Date.now(), href: 'http://[oops/x' })
    track('ok')
    expect((await delivered()).map((e) => e.type)).toEqual(['ok'])
    expect(warn.mock.calls.map((c) => c.join(' '))).toEqual([expect.stringMatching(/^.*page\(\): view\.href .*event dropped/)])
    expect(error).not.toHaveBeenCalled()
  })

  test('invalid options give one console error naming the field, and tracking goes on', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    start({ batchSize: -1 })
    track('x')
    expect((await delivered()).map((e) => e.type)).toEqual(['x'])
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0]!.join(' '))).toContain('batchSize')
  })

  test('an invalid purchase is reported by field and still recorded', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    start()
    purchase({ orderId: 'A-3', value: '19.99', currency: 'EUR' } as never)
    const [event] = await delivered()
    expect(String(error.mock.calls[0]!.join(' '))).toContain('order.value: expected number')
    expect(event).toMatchObject({ type: 'purchase', phase: 'conversion', properties: { orderId: 'A-3', invalidFields: ['value'] } })
  })

  test('a collector failure keeps the events for the next flush', async () => {
    let status = 503
    const sent: string[] = []
    start({ transport: async ({ body }: { body: string }) => { if (status === 200) sent.push(body); return { status } } })
    track('kept')
    await flush()
    expect(sent).toEqual([])
    status = 200
    await flush()
    expect(sent.flatMap((b) => JSON.parse(b).events.map((e: { type: string }) => e.type))).toEqual(['kept'])
  })
})

describe('the back/forward cache', () => {
  test('a page restored from the cache after the visitor opted out on the next page records nothing and stores nothing', async () => {
    start({ autoPageviews: true })
    await delivered()
    const before = sink.events().length
    dispatchEvent(new Event('pagehide')) // into the cache
    // The next page: the visitor rejects tracking there. This page is frozen and hears no storage event.
    localStorage.setItem('journeytag:consent', 'denied')
    for (const key of ['journeytag:anonymousId', 'journeytag:session', 'journeytag:visitor']) localStorage.removeItem(key)
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })) // Back
    expect((await delivered()).slice(before)).toEqual([])
    expect(Object.keys(localStorage).filter((key) => key != 'journeytag:consent')).toEqual([])
  })
})
