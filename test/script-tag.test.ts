import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { readScriptOptions } from '../src/script-tag-options'

describe('script-tag data attributes', () => {
  function dataset(html: string): DOMStringMap {
    document.body.innerHTML = html
    return (document.body.firstElementChild as HTMLElement).dataset
  }

  test('a bare boolean attribute means true', () => {
    // A real browser's dataset has "" for a bare attribute (happy-dom omits it, so it is given directly here).
    expect(readScriptOptions({ debug: '', hashRouting: '' })).toEqual({ debug: true, hashRouting: true })
  })

  test('map to options with the right types', () => {
    const options = readScriptOptions(
      dataset(`<script data-endpoint="https://c.example/e" data-batch-size="10" data-auto-pageviews="false" data-debug="true" data-strip-params="ref, session_hint" data-respect-dnt="true" data-rules="/rules.json"></script>`),
    )
    expect(options).toEqual({
      endpoint: 'https://c.example/e',
      batchSize: 10,
      autoPageviews: false,
      debug: true,
      stripParams: ['ref', 'session_hint'],
      respectDoNotTrack: true,
      rules: '/rules.json',
    })
  })

  test('inline JSON rules and headers are parsed', () => {
    const options = readScriptOptions(dataset(`<script data-rules='{"rules":[]}' data-headers='{"x-write-key":"k"}'></script>`))
    expect(options).toEqual({ rules: { rules: [] }, headers: { 'x-write-key': 'k' } })
  })

  test('values that do not parse are passed on as written, so validation names the option', () => {
    expect(readScriptOptions(dataset('<script data-batch-size="lots" data-debug="yes"></script>'))).toEqual({ batchSize: 'lots', debug: 'yes' })
  })

  test('a misspelt attribute suggests the nearest known one, not merely the first within reach', () => {
    const problems: string[] = []
    readScriptOptions(dataset('<script data-form="false" data-endpiont="/e"></script>'), problems)
    expect(problems).toEqual(['data-form: unknown attribute (did you mean data-forms?)', 'data-endpiont: unknown attribute (did you mean data-endpoint?)'])
  })

  test('attributes that are not options are ignored', () => {
    expect(readScriptOptions(dataset('<script data-cfasync="false" data-endpoint="/e"></script>'))).toEqual({ endpoint: '/e' })
  })
})

describe('the script-tag global', () => {
  type Global = ((method: string, ...args: unknown[]) => unknown) & { q?: unknown[][]; loaded?: boolean; track?: unknown }
  const w = window as unknown as { journeytag?: Global }
  let sent: Array<{ type: string; properties: Record<string, unknown> }>

  beforeEach(() => {
    vi.resetModules()
    localStorage.clear()
    sent = []
  })
  afterEach(async () => {
    ;(await import('../src/tracker')).shutdown()
    delete w.journeytag
    document.head.innerHTML = ''
  })

  async function load(snippetCalls: unknown[][], attributes = '') {
    document.head.innerHTML = `<script type="text/x-not-loaded-in-tests" src="/js/journeytag.global.js" data-endpoint="/collect" ${attributes}></script>`
    w.journeytag = Object.assign(() => {}, { q: snippetCalls })
    await import('../src/global')
  }

  test('replays the calls queued by the snippet, in order, with options from a queued init', async () => {
    const transport = async ({ body }: { body: string }) => {
      sent.push(...JSON.parse(body).events)
      return { status: 200 }
    }
    await load([['track', 'first', { n: 1 }], ['init', { transport, autoPageviews: false }], ['track', 'second']])
    await w.journeytag!('flush')
    expect(sent.map((e) => e.type)).toEqual(['first', 'second'])
    expect(sent[0]!.properties).toEqual({ n: 1 })
  })

  test('after load, both journeytag("track", …) and journeytag.track(…) work', async () => {
    const transport = async ({ body }: { body: string }) => {
      sent.push(...JSON.parse(body).events)
      return { status: 200 }
    }
    await load([['init', { transport, autoPageviews: false }]])
    w.journeytag!('track', 'via_call')
    ;(w.journeytag!.track as (t: string) => void)('via_method')
    await w.journeytag!('flush')
    expect(sent.map((e) => e.type)).toEqual(['via_call', 'via_method'])
  })

  test('an unknown method is one console error, not an exception', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    await load([['init', { transport: async () => ({ status: 200 }), autoPageviews: false }], ['trak', 'typo']])
    expect(String(error.mock.calls[0]!.join(' '))).toContain('journeytag("trak"): unknown method')
    expect(() => w.journeytag!('hasOwnProperty')).not.toThrow()
    expect(() => w.journeytag!('constructor')).not.toThrow()
    expect(error).toHaveBeenCalledTimes(3)
  })

  test('an opt-out queued in the snippet stops the page view that init() records', async () => {
    const transport = async ({ body }: { body: string }) => {
      sent.push(...JSON.parse(body).events)
      return { status: 200 }
    }
    await load([['init', { transport }], ['track', 'after_opt_out'], ['consent', false]])
    await w.journeytag!('flush')
    expect(sent).toEqual([])
    expect(localStorage.getItem('journeytag:consent')).toBe('denied')
  })

  test('consent queued in the snippet with requireConsent lets the page view through', async () => {
    const transport = async ({ body }: { body: string }) => {
      sent.push(...JSON.parse(body).events)
      return { status: 200 }
    }
    await load([['init', { transport, requireConsent: true }], ['consent', true]])
    await w.journeytag!('flush')
    expect(sent.map((e) => e.type)).toEqual(['page_view'])
  })

  test.each(['yes', 'ture', '1'])('data-require-consent="%s" (neither true nor false) records nothing until consent, and one console error says so', async (value) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const transport = async ({ body }: { body: string }) => {
      sent.push(...JSON.parse(body).events)
      return { status: 200 }
    }
    await load([['init', { transport }], ['track', 'before_consent']], `data-require-consent="${value}"`)
    await w.journeytag!('flush')
    expect(sent).toEqual([])
    expect(error.mock.calls.map((call) => call.join(' '))).toEqual([expect.stringMatching(/invalid options: requireConsent: expected boolean \(using true\)$/)])
  })

  test("a bad plugin in a queued init is named at its own index in the site's plugins list, not shifted by the script tag's captures", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    await load([['init', { transport: async () => ({ status: 200 }), autoPageviews: false, plugins: [() => {}, null] }]])
    expect(error.mock.calls.map((call) => call.join(' '))).toEqual([expect.stringMatching(/invalid options: plugins\[1\]: expected a function$/)])
  })

  /** Queues an init with `plugins`; returns the console errors and the touchpoint types sent after a form is submitted (the script tag's forms capture). */
  async function initWithPlugins(plugins: unknown) {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const transport = async ({ body }: { body: string }) => {
      sent.push(...JSON.parse(body).events)
      return { status: 200 }
    }
    await load([['init', { transport, autoPageviews: false, plugins }]])
    document.body.innerHTML = '<form id="signup"><input name="email"></form>'
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await w.journeytag!('flush')
    document.body.innerHTML = ''
    return { errors: error.mock.calls.map((call) => call.join(' ')), types: sent.map((e) => e.type) }
  }
  const sitePlugin = (type: string) => (tracker: { track: (type: string) => void }) => tracker.track(type)

  test("plugins in a queued init that are not a list are one console error naming plugins, and the script tag's captures still run", async () => {
    const { errors, types } = await initWithPlugins(sitePlugin('site_plugin'))
    expect(errors).toEqual([expect.stringMatching(/invalid options: plugins: expected array$/)])
    expect(types).toEqual(['form_submit'])
  })

  test("one bad plugin in a queued init is left out: the site's good plugin and the script tag's captures still run", async () => {
    const { errors, types } = await initWithPlugins([sitePlugin('site_plugin'), 'oops'])
    expect(errors).toEqual([expect.stringMatching(/invalid options: plugins\[1\]: expected a function$/)])
    expect(types).toEqual(['site_plugin', 'form_submit'])
  })

  test('a second init queued in the snippet is ignored with a warning, as a second init() call is', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await load([['init', { transport: async () => ({ status: 200 }), autoPageviews: false }], ['init', { debug: true }]])
    expect(warn.mock.calls.map((call) => call.join(' '))).toEqual([expect.stringContaining('init() called again; ignored')])
  })

  test('loading the bundle twice keeps the first instance', async () => {
    await load([['init', { transport: async () => ({ status: 200 }), autoPageviews: false }]])
    const first = w.journeytag
    vi.resetModules()
    await import('../src/global')
    expect(w.journeytag).toBe(first)
  })
})
