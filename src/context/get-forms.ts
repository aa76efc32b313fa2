/**
 * A form submitted with method GET puts what the visitor typed into the next
 * page's URL (`?q=…&card=…`). The names of its fields are remembered for the
 * tab's session and stripped from every URL journeytag records, as the built-in
 * sensitive parameters are. Names only: a field's value is never read. A form
 * inside a shadow root is not seen (its submit does not leave the shadow tree).
 * A form that opens its page in another tab (target="_blank") reaches a page with a sessionStorage of its own:
 * the names also go to localStorage, where the next page reads them once. Both copies are written whether or not
 * tracking is allowed: a consent given on the page the form opened must not record what was typed.
 */
import { parse, stringify } from '../builtins'
import { on, quiet } from '../log'
import { local, session, setEntry } from './storage'

const KEY = 'journeytag:strip'

/**
 * Adds the remembered GET-form field names to `blocked` and keeps watching submits; returns the teardown.
 * @example
 * const stop = watchGetForms(blockedParams([]))
 */
export function watchGetForms(blocked: Set<string>): () => void {
  let names: string[] = []
  const add = (more: string[]) => {
    names = [...new Set([...names, ...more.map((name) => name.toLowerCase())])].slice(-50)
    names.forEach((name) => blocked.add(name))
    if (names[0]) setEntry(session, KEY, stringify(names))
  }
  // This tab's names, and those a form in another tab left for the page it opened (read once).
  // Anything not a list (another script's value under the key) is no list: it must not stop init(), nor cost the other's names.
  const stored = (storage: typeof local) => quiet(() => [...parse(storage()?.getItem(KEY) || '[]')]) || []
  add([...stored(session), ...stored(local)])
  setEntry(local, KEY)
  const watch = (type: string) =>
    on(document, type, (event) => {
      const form = event.target
      if (!(form instanceof HTMLFormElement)) return
      // The form's own properties: a field named "method" or "elements" shadows them (form.method is then that field).
      const own = (name: string) => Reflect.get(HTMLFormElement.prototype, name, form)
      // The button's formmethod wins over the form's; `formdata` also covers form.submit(), which fires no submit event.
      if ((((event as SubmitEvent).submitter as HTMLButtonElement | null)?.formMethod || own('method')) != 'get') return
      add([...(own('elements') as HTMLFormControlsCollection)].map((field) => (field as HTMLInputElement).name).filter(Boolean))
      // Whatever its target: a new tab it opens (target="_blank", or a <base target>) has a sessionStorage of its own.
      setEntry(local, KEY, stringify(names))
    }, true)
  const stops = [watch('submit'), watch('formdata')]
  return () => stops.forEach((stop) => stop())
}
