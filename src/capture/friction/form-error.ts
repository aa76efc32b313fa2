/**
 * form_error: fields that fail validation, by name, never by value. Sources: the
 * browser's `invalid` events (a submit blocked by `required`, `type=email`...), a
 * field becoming `aria-invalid="true"` while the visitor is not typing in it
 * (validation on blur or submit), and fields still marked invalid a tick after a
 * submit. What one tick reports for one form is one touchpoint; `attempt` counts
 * them per page load, so a form that fails twice and is then sent shows both failures.
 */
import { later } from '../../log'
import { formId } from '../forms'
import type { Kit } from './shared'

/**
 * How a field is named: its `name`, else its id, else its tag.
 * @example
 * fieldName(emailInput) // 'email'
 */
export const fieldName = (field: Element): string => field.getAttribute('name') || field.id || field.tagName.toLowerCase()

export function formError({ t: track, on, s: stop }: Kit): void {
  const attempts: Record<string, number> = {}
  // Per form id: the names of the fields that failed in this tick.
  let failed: Record<string, Set<string>> | undefined
  const report = () => {
    for (const id in failed) track('form_error', { formId: id, invalidFields: [...failed[id]!], attempt: (attempts[id] = (attempts[id] ?? 0) + 1) })
    failed = undefined
  }
  const fail = (field: Element) => {
    if (field.closest('[data-journeytag-ignore]')) return
    if (!failed) later(report, 0)
    const form = field.closest('form')
    ;((failed ??= {})[form ? formId(form) : ''] ??= new Set()).add(fieldName(field))
  }
  const observer = new MutationObserver((records) =>
    records.forEach(({ target }) => (target as Element).getAttribute('aria-invalid') == 'true' && target != document.activeElement && fail(target as Element)),
  )
  observer.observe(document, { subtree: true, attributeFilter: ['aria-invalid'] })
  stop.push(() => observer.disconnect())
  on('invalid', (e) => fail(e.target as Element))
  on('submit', (e) => later(() => (e.target as Element).querySelectorAll('[aria-invalid=true]').forEach(fail), 0))
}
