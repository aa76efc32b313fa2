/**
 * form_error: fields that fail validation, by name, never by value. Sources: the
 * browser's `invalid` events outside a keystroke's task (a submit blocked by `required`, `type=email`...), a
 * field becoming `aria-invalid="true"` while the visitor is not typing in it
 * (validation on blur or submit), and fields still marked invalid a tick after a
 * submit. What one tick reports for one form is one touchpoint; `attempt` counts
 * them per page load, so a form that fails twice and is then sent shows both failures.
 */
import { later } from '../../log'
import { formId } from '../forms'
import { observeDocument, type Kit } from './shared'

export const formError = ({ t: track, on, s: stop }: Kit): void => {
  const attempts: Record<string, number> = {}
  // Per form id: the names of the fields that failed in this tick.
  let failed: Record<string, string[]> | undefined
  const fail = (field: Element) => {
    // Its form also when the field is placed outside it (`form="pay"`), as forms() sees it; an opted-out form hides its fields wherever they are.
    const form = (field as HTMLInputElement).form || field.closest('form')
    if (field.closest('[data-journeytag-ignore]') || form?.closest('[data-journeytag-ignore]')) return
    const id = form ? formId(form) : ''
    if (!failed)
      (failed = {}),
        later(() => {
          // `-~n` is n + 1, and 1 for a first attempt (undefined).
          for (const id in failed) track('form_error', { formId: id, invalidFields: [...new Set(failed![id])], attempt: (attempts[id] = -~attempts[id]!) })
          failed = undefined
        }, 0)
    // A field is named by its `name`, else its id, else its tag.
    failed[id] = [...(failed[id] || []), field.getAttribute('name') || field.id || field.localName]
  }
  stop.push(
    observeDocument(
      (records) => records.forEach(({ target }) => (target as Element).matches('[aria-invalid=true]') && target != document.activeElement && fail(target as Element)),
      { attributeFilter: ['aria-invalid'] },
    ),
  )
  // `invalid` in the task of a keystroke (but Enter, which submits) is not counted: checkValidity() fires it too, silently,
  // and a page that calls it on every keystroke (to enable its submit button) would record each one. Any other `invalid`
  // counts, a submit started later by a timer or after a fetch (requestSubmit()) included.
  let typing: unknown
  const type = (e: Event) => (e as KeyboardEvent).key != 'Enter' && ((typing = 1), later(() => (typing = 0), 0))
  for (const name of ['input', 'keydown', 'keyup']) on(name, type)
  on('invalid', (e) => typing || fail(e.target as Element))
  on('submit', (e) => later(() => (e.target as Element).querySelectorAll('[aria-invalid=true]').forEach(fail), 0))
}
