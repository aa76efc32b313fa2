/**
 * Element touchpoints without code: a click on (or inside) an element with
 * `data-journeytag="name"` records the touchpoint `name`, with its
 * `data-journeytag-*` attributes as properties (camelCased), and the element,
 * so `when.selector` rules can match it.
 */
import type { Plugin } from '../plugin'
import { listen } from './listen'

// Attributes with a meaning of their own elsewhere, not properties.
const RESERVED = /^(ignore|form|chat)$/

/** The properties of a tagged element: `data-journeytag-plan-name="team"` → `{ planName: 'team' }`. */
export function elementProperties(element: HTMLElement): Record<string, string> {
  const properties: Record<string, string> = {}
  for (const [key, value] of Object.entries(element.dataset)) {
    const name = key.slice(10, 11).toLowerCase() + key.slice(11) // after "journeytag"
    if (key.startsWith('journeytag') && name && !RESERVED.test(name)) properties[name] = value ?? ''
  }
  return properties
}

/**
 * Captures clicks on `data-journeytag` elements. On by default in the script tag.
 * @example
 * // <button data-journeytag="demo_requested" data-journeytag-plan="team">Book a demo</button>
 * init({ endpoint, plugins: [elements()] })
 */
export function elements(): Plugin {
  return (tracker) =>
    listen(document, 'click', (event) => {
      const element = (event.target as Element).closest?.('[data-journeytag]') as HTMLElement | null
      const type = element?.getAttribute('data-journeytag')
      if (element && type && !element.closest('[data-journeytag-ignore]')) tracker.track(type, elementProperties(element), element)
    })
}
