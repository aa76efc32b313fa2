/**
 * Forms: `form_start` on the first real interaction with a field (once per form
 * per page view), `form_submit` on submit, and `form_abandon` when a started form
 * is left without a submit (the page becomes hidden or is unloaded, or an in-app
 * navigation goes to another page). A form sent by form.submit() (no submit event) is
 * submitted when the page starts to leave within 1 s of its formdata event.
 * Field VALUES are never read: only the form's identifier, its field count and
 * the name of the last field touched. Opt a form out with `data-journeytag-ignore`.
 */
import type { Plugin } from '../plugin'
import { later, quiet } from '../log'
import { onNavigate } from './navigation'
import { listen } from './listen'
import { isNewPage, pageKey } from './page-key'

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
const NOT_FIELDS = /^(submit|button|reset|image|hidden)$/

function isField(element: unknown): element is Field {
  return element instanceof Element && /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName) && !NOT_FIELDS.test((element as Field).type)
}

/** How a form is named in touchpoints: data-journeytag-form, id, name, or the action's path. */
export function formId(form: HTMLFormElement): string {
  const attr = (name: string) => form.getAttribute(name) // not form.id / form.name: a field named "id" shadows them
  return attr('data-journeytag-form') || attr('id') || attr('name') || actionPath(attr('action')) || 'form'
}

// Browsers submit a malformed action as written: without its query and fragment then, as they may hold tokens.
const actionPath = (action: string | null): string | null | undefined => action && (quiet(() => new URL(action, location.href).pathname) ?? action.split(/[?#]/)[0])

function describe(form: HTMLFormElement): Record<string, unknown> {
  return { formId: formId(form), fields: [...form.elements].filter(isField).length }
}

/**
 * Captures form starts, submits and abandons. On by default in the script tag.
 * @example
 * init({ endpoint, plugins: [forms()] })
 */
export function forms(): Plugin {
  return (tracker) => {
    // Per page view: each started form, the page it was started on, and the last field touched (its name only).
    type Started = { page: string; submitted?: boolean; abandoned?: boolean; lastField?: string }
    let started = new Map<HTMLFormElement, Started>()
    const here = () => pageKey(new URL(location.href), tracker.hashRouting())

    // Each started form is abandoned once at most. `pagePath` names the form's page, because on
    // Back/Forward the URL has already changed when the browser tells us (popstate).
    const abandon = (forget: boolean) => {
      for (const [form, state] of started) {
        if (state.submitted || state.abandoned) continue
        state.abandoned = true
        tracker.track('form_abandon', { ...describe(form), lastField: state.lastField, pagePath: state.page }, form)
      }
      if (forget) started = new Map()
    }

    const onInteract = (event: Event) => {
      const field = event.target
      // An opted-out area within a form hides its fields too (not even their names are read).
      if (!isField(field) || !field.form || field.closest('[data-journeytag-ignore]') || field.form.closest('[data-journeytag-ignore]')) return
      // Focus by a script (autofocus) is not the visitor starting the form; typing is. The visitor's own focus (a click, a
      // tap, Tab) comes with a transient activation: isActive, not hasBeenActive, which stays true for the rest of the
      // page's life (an SPA's later routes too). Where the browser cannot tell (no navigator.userActivation: Safari < 16.4,
      // Firefox < 120), focus alone never starts a form.
      if (event.type == 'focusin' && !(navigator as { userActivation?: UserActivation }).userActivation?.isActive) return
      const form = field.form
      let state = started.get(form)
      if (!state) {
        started.set(form, (state = { page: here() }))
        tracker.track('form_start', describe(form), form)
      }
      state.lastField = field.getAttribute('name') || field.id || undefined
    }

    const submit = (form: HTMLFormElement) => {
      const state = started.get(form) ?? { page: here() }
      if (state.submitted) return
      started.set(form, { ...state, submitted: true })
      tracker.track('form_submit', describe(form), form)
    }
    // A form sent by a script with form.submit() (jQuery's .submit() too) fires no submit event, only formdata, and the
    // page starts to leave at once (beforeunload); a script that only reads a form (new FormData(form): live filters,
    // autosave) fires formdata too, and the page stays. So a started form is submitted when the page starts to leave
    // within 1 s of its formdata. The beforeunload listener is there for that second only: in Firefox one keeps the
    // page out of the back/forward cache.
    let leaving: (() => void) | undefined
    const onSubmit = (event: Event) => {
      const form = event.target
      if (!(form instanceof HTMLFormElement) || form.closest('[data-journeytag-ignore]')) return
      if (event.type == 'submit') return submit(form)
      if (!started.get(form)) return
      leaving?.()
      later((leaving = listen(window, 'beforeunload', () => submit(form))), 1_000)
    }

    const stops = [
      onNavigate(({ from, to, before, replace }) => before && isNewPage(from, to, tracker.hashRouting(), replace) && abandon(true)),
      listen(document, 'focusin', onInteract),
      listen(document, 'input', onInteract),
      listen(document, 'submit', onSubmit),
      listen(document, 'formdata', onSubmit),
      () => leaving?.(),
      // Capture phase at the window: our listener runs before delivery's own page-hide send, so the
      // abandon goes with it (a flush of ours here would race it without keepalive).
      listen(window, 'pagehide', () => abandon(true)),
      // Mobile browsers often kill a hidden page without a pagehide: hidden is the last sure moment.
      // The forms are kept, so a visitor who comes back and submits is still recorded (the abandon stands).
      listen(window, 'visibilitychange', () => document.visibilityState == 'hidden' && abandon(false)),
    ]
    return () => stops.forEach((stop) => stop())
  }
}
