/**
 * Forms: `form_start` on the first real interaction with a field (once per form
 * per page view), `form_submit` on submit, and `form_abandon` when a started form
 * is left without a submit (page hide, or in-app navigation to another page).
 * Field VALUES are never read: only the form's identifier, its field count and
 * the name of the last field touched. Opt a form out with `data-journeytag-ignore`.
 */
import type { Plugin } from '../plugin'
import { onNavigate } from './navigation'
import { listen } from './listen'

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

function actionPath(action: string | null): string {
  if (!action) return ''
  try {
    return new URL(action, location.href).pathname
  } catch {
    return action.split(/[?#]/)[0]! // browsers submit a malformed action as written; its query may hold tokens
  }
}

function describe(form: HTMLFormElement): Record<string, unknown> {
  return { formId: formId(form), fields: [...form.elements].filter(isField).length }
}

// A hash route (#/x, #!/x) is a page of its own; other fragments are anchors on the same page.
const pageKey = (url: URL) => url.pathname + url.search + (/^#!?\//.test(url.hash) ? url.hash : '')

/**
 * Captures form starts, submits and abandons. On by default in the script tag.
 * @example
 * init({ endpoint, plugins: [forms()] })
 */
export function forms(): Plugin {
  return (tracker) => {
    // Per page view: each started form, and the last field touched (its name only).
    let started = new Map<HTMLFormElement, { submitted?: boolean; lastField?: string }>()

    const abandonAll = () => {
      for (const [form, state] of started) {
        if (!state.submitted) tracker.track('form_abandon', { ...describe(form), lastField: state.lastField }, form)
      }
      started = new Map()
    }

    const onInteract = (event: Event) => {
      const field = event.target
      if (!isField(field) || !field.form || field.form.closest('[data-journeytag-ignore]')) return
      // Focus by a script (autofocus) is not the visitor starting the form; typing is.
      if (event.type === 'focusin' && (navigator as { userActivation?: UserActivation }).userActivation?.hasBeenActive === false) return
      const form = field.form
      let state = started.get(form)
      if (!state) {
        started.set(form, (state = {}))
        tracker.track('form_start', describe(form), form)
      }
      state.lastField = field.getAttribute('name') || field.id || undefined
    }

    const onSubmit = (event: Event) => {
      const form = event.target
      if (!(form instanceof HTMLFormElement) || form.closest('[data-journeytag-ignore]')) return
      const state = started.get(form) ?? {}
      if (state.submitted) return
      started.set(form, { ...state, submitted: true })
      tracker.track('form_submit', describe(form), form)
    }

    const stops = [
      onNavigate(({ from, to, before }) => before && pageKey(from) !== pageKey(to) && abandonAll()),
      listen(document, 'focusin', onInteract),
      listen(document, 'input', onInteract),
      listen(document, 'submit', onSubmit),
      // Capture phase: at the window, capturing listeners run first, so the abandon is queued before
      // delivery's own page-hide send (a flush of ours here would race it without keepalive).
      listen(window, 'pagehide', abandonAll),
    ]
    return () => stops.forEach((stop) => stop())
  }
}
