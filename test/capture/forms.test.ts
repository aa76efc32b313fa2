import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { shutdown } from '../../src/tracker'
import { forms } from '../../src/capture/forms'
import { startTracking } from './tracking'

const SECRET = 'hunter2-correct-horse'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/signup')
  document.body.innerHTML = `
    <form id="signup" action="/api/signup?token=abc">
      <input name="email" type="email"><input name="password" type="password">
      <input type="hidden" name="csrf" value="x"><select name="plan"><option>team</option></select>
      <button type="submit">Go</button>
    </form>
    <form action="/search"><input name="q"></form>
    <form data-journeytag-ignore id="private"><input name="card"></form>`
})
afterEach(() => shutdown())

function type(field: HTMLInputElement, text: string) {
  field.dispatchEvent(new FocusEvent('focusin', { bubbles: true }))
  field.value = text
  field.dispatchEvent(new InputEvent('input', { bubbles: true }))
}
const $ = <T extends Element>(selector: string) => document.querySelector(selector) as unknown as T

describe('form touchpoints', () => {
  test('form_start once per form on the first interaction, with the form id and field count', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    type($('[name=password]'), SECRET)
    const events = await t.delivered()
    expect(events.map((e) => [e.type, e.properties])).toEqual([['form_start', { formId: 'signup', fields: 3 }]])
    expect(events[0]!.phase).toBe('conversion') // /signup: the default rules' conversion path
  })

  test('focus alone starts no form where the browser cannot tell a script from the visitor (no navigator.userActivation); typing does', async () => {
    expect((navigator as { userActivation?: unknown }).userActivation).toBeUndefined() // happy-dom, like Safari < 16.4
    const t = startTracking({ plugins: [forms()] })
    $<HTMLInputElement>('[name=email]').dispatchEvent(new FocusEvent('focusin', { bubbles: true })) // autofocus
    dispatchEvent(new Event('pagehide'))
    expect(await t.delivered()).toEqual([])
    type($('[name=email]'), 'a@b.c')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start'])
  })

  test('an opted-out area inside a form (data-journeytag-ignore) hides its fields: touching one starts nothing and names nothing', async () => {
    document.body.innerHTML = '<form id="checkout"><input name="email"><div data-journeytag-ignore><input name="card_number"></div></form>'
    const t = startTracking({ plugins: [forms()] })
    type($('[name=card_number]'), '4111111111111111')
    dispatchEvent(new Event('pagehide'))
    expect(await t.delivered()).toEqual([])
  })

  test('a form without id or name is named by its action path', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=q]'), 'mugs')
    expect((await t.delivered())[0]!.properties).toEqual({ formId: '/search', fields: 1 })
  })

  test('a form with a malformed action is still tracked, and nothing throws into the page', async () => {
    document.body.innerHTML = '<form action="http://exa mple.com/join?token=abc"><input name="email"></form>'
    const error = vi.spyOn(console, 'error')
    const t = startTracking({ plugins: [forms()] })
    expect(() => type($('[name=email]'), 'a@b.c')).not.toThrow()
    expect(() => $<HTMLFormElement>('form').dispatchEvent(new Event('submit', { bubbles: true }))).not.toThrow()
    const events = await t.delivered()
    expect(events.map((e) => [e.type, e.properties.formId])).toEqual([
      ['form_start', 'http://exa mple.com/join'],
      ['form_submit', 'http://exa mple.com/join'],
    ])
    expect(error).not.toHaveBeenCalled()
    error.mockRestore()
  })

  test('data-journeytag-form names the form; a field named "id" does not confuse it', async () => {
    document.body.innerHTML = '<form data-journeytag-form="newsletter"><input name="id"><input name="name"></form>'
    const t = startTracking({ plugins: [forms()] })
    type($('[name=id]'), 'x')
    expect((await t.delivered())[0]!.properties).toEqual({ formId: 'newsletter', fields: 2 })
  })

  test('submit records form_submit, and a submitted form is not abandoned', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    $<HTMLFormElement>('#signup').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    dispatchEvent(new PageTransitionEvent('pagehide'))
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start', 'form_submit'])
  })

  // What form.submit() does (jQuery's .submit() too): formdata, no submit event, then the page starts to leave.
  const sendByScript = () => {
    $<HTMLFormElement>('#signup').dispatchEvent(new Event('formdata', { bubbles: true }))
    dispatchEvent(new Event('beforeunload'))
    dispatchEvent(new PageTransitionEvent('pagehide'))
  }

  test('a form sent by a script (form.submit(), jQuery .submit(): no submit event, only formdata) is submitted, not abandoned', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    sendByScript()
    const events = await t.delivered()
    expect(events.map((e) => e.type)).toEqual(['form_start', 'form_submit'])
    expect(events[1]!.properties).toEqual({ formId: 'signup', fields: 3 })
  })

  test('a visitor who comes back to a hidden page (abandon recorded) and sends the form by a script (form.submit()) gets a form_submit too', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' }) // off to read a code from another app
    document.dispatchEvent(new Event('visibilitychange'))
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' })
    type($('[name=password]'), SECRET)
    sendByScript()
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start', 'form_abandon', 'form_submit'])
  })

  test('a script that only reads the form (a live filter, an autosave: new FormData(form)) is no submit: a link followed a while later leaves it abandoned', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const t = startTracking({ plugins: [forms()] })
      type($('[name=email]'), 'a@b.c')
      $<HTMLFormElement>('#signup').dispatchEvent(new Event('formdata', { bubbles: true }))
      vi.advanceTimersByTime(1_500) // the visitor looks at the filtered results, then clicks a link
      dispatchEvent(new Event('beforeunload'))
      dispatchEvent(new PageTransitionEvent('pagehide'))
      vi.useRealTimers()
      expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start', 'form_abandon'])
    } finally {
      vi.useRealTimers()
    }
  })

  test('no beforeunload listener is left on the page once that second is over (in Firefox one keeps the page out of the back/forward cache)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    // Spies that call through: the listeners really are added and removed.
    const add = vi.spyOn(window, 'addEventListener')
    const remove = vi.spyOn(window, 'removeEventListener')
    const added = () => add.mock.calls.map((call) => call[0])
    const removed = () => remove.mock.calls.map((call) => call[0])
    try {
      startTracking({ plugins: [forms()] })
      expect(added()).not.toContain('beforeunload')
      type($('[name=email]'), 'a@b.c')
      $<HTMLFormElement>('#signup').dispatchEvent(new Event('formdata', { bubbles: true }))
      expect(added().filter((type) => type == 'beforeunload')).toHaveLength(1)
      expect(removed()).not.toContain('beforeunload')
      vi.advanceTimersByTime(1_000)
      expect(removed().filter((type) => type == 'beforeunload')).toHaveLength(1)
    } finally {
      add.mockRestore()
      remove.mockRestore()
      vi.useRealTimers()
    }
  })

  test('a started form left by closing the page is abandoned, naming the last field but never a value', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'me@example.com')
    type($('[name=password]'), SECRET)
    dispatchEvent(new PageTransitionEvent('pagehide'))
    const events = await t.delivered()
    expect(events.map((e) => e.type)).toEqual(['form_start', 'form_abandon'])
    expect(events[1]!.properties).toEqual({ formId: 'signup', fields: 3, lastField: 'password', pagePath: '/signup' })
    expect(t.bodies.join('')).not.toContain(SECRET)
    expect(t.bodies.join('')).not.toContain('me@example.com')
  })

  test('an SPA navigation abandons the started form on the page it was on, then a new view starts fresh', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    history.pushState({}, '', '/pricing')
    history.pushState({}, '', '/signup')
    type($('[name=email]'), 'a@b.c')
    const events = await t.delivered()
    expect(events.map((e) => [e.type, e.page.path])).toEqual([
      ['form_start', '/signup'],
      ['form_abandon', '/signup'],
      ['form_start', '/signup'],
    ])
  })

  test('Back/Forward away from a started form abandons it, naming the page the form was on', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    History.prototype.replaceState.call(history, null, '', '/pricing') // the browser moves location on Back…
    dispatchEvent(new PopStateEvent('popstate')) // …then fires popstate
    const events = await t.delivered()
    expect(events.map((e) => [e.type, e.properties.pagePath])).toEqual([
      ['form_start', undefined],
      ['form_abandon', '/signup'],
    ])
  })

  test('with hashRouting, a #/route change abandons a started form but a #anchor does not', async () => {
    const t = startTracking({ plugins: [forms()], hashRouting: true })
    type($('[name=email]'), 'a@b.c')
    location.hash = '#faq'
    dispatchEvent(new HashChangeEvent('hashchange'))
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start'])
    location.hash = '#/plans'
    dispatchEvent(new HashChangeEvent('hashchange'))
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start', 'form_abandon'])
  })

  test('without hashRouting, a #/route change is the same page: the form is not abandoned', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=email]'), 'a@b.c')
    location.hash = '#/plans'
    dispatchEvent(new HashChangeEvent('hashchange'))
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start'])
  })

  test('a query update by replaceState (a filter) does not abandon a started form', async () => {
    const t = startTracking({ plugins: [forms()] })
    type($('[name=q]'), 'mugs')
    history.replaceState(null, '', '/signup?q=mugs')
    expect((await t.delivered()).map((e) => e.type)).toEqual(['form_start'])
  })

  test('a page hidden with a started form records one abandon; coming back and submitting is still recorded', async () => {
    let visibility: DocumentVisibilityState = 'visible'
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
    const show = (state: DocumentVisibilityState) => {
      visibility = state
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    }
    try {
      const t = startTracking({ plugins: [forms()] })
      type($('[name=email]'), 'a@b.c')
      show('hidden')
      show('visible')
      type($('[name=password]'), SECRET)
      show('hidden')
      show('visible')
      $<HTMLFormElement>('#signup').dispatchEvent(new Event('submit', { bubbles: true }))
      dispatchEvent(new PageTransitionEvent('pagehide'))
      const events = await t.delivered()
      expect(events.map((e) => e.type)).toEqual(['form_start', 'form_abandon', 'form_submit'])
      expect(events[1]!.properties).toMatchObject({ formId: 'signup', lastField: 'email' })
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState
    }
  })

  test('forms marked data-journeytag-ignore, and fields outside forms, are not tracked', async () => {
    document.body.insertAdjacentHTML('beforeend', '<input name="loose">')
    const t = startTracking({ plugins: [forms()] })
    type($('[name=card]'), '4111')
    type($('[name=loose]'), 'x')
    $<HTMLFormElement>('#private').dispatchEvent(new Event('submit', { bubbles: true }))
    dispatchEvent(new PageTransitionEvent('pagehide'))
    expect(await t.delivered()).toEqual([])
  })

  test('the touchpoint carries the form element, so selector rules can match it', async () => {
    const t = startTracking({
      plugins: [forms()],
      rules: { rules: [{ phase: 'advocacy', when: { type: 'form_start', selector: '#signup' } }] },
    })
    type($('[name=email]'), 'a')
    type($('[name=q]'), 'b')
    expect((await t.delivered()).map((e) => e.phase)).toEqual(['advocacy', 'awareness'])
  })
})
