/**
 * Reads init() options from the script tag's data-* attributes, so one
 * `<script async src=… data-endpoint=…>` line is a complete install. A
 * misspelt attribute is an error that suggests the right one, never silence.
 */
import type { Options } from './options'
import type { Plugin } from './plugin'
import { forms } from './capture/forms'
import { chat } from './capture/chat'
import { elements } from './capture/elements'
import { dataLayerPurchases } from './capture/purchases'

const BOOLEAN = 'autoPageviews hashRouting compress requireConsent respectDoNotTrack respectGlobalPrivacyControl debug'.split(' ')
const NUMBER = 'batchSize flushInterval maxQueueSize maxEventAge sessionTimeout timeout'.split(' ')
const TEXT = 'endpoint format identityStorage'.split(' ')
const JSON_VALUED = 'rules headers retry'.split(' ')
/** Short attribute names people expect to write. */
const ALIASES: Record<string, string> = { respectDnt: 'respectDoNotTrack', respectGpc: 'respectGlobalPrivacyControl' }
/** Attributes of the captures (see readScriptPlugins). */
const SWITCHES = 'forms chat elements dataLayer chatSelectors'.split(' ')
const KNOWN = [...BOOLEAN, ...NUMBER, ...TEXT, ...JSON_VALUED, ...Object.keys(ALIASES), ...SWITCHES, 'stripParams']

const kebab = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

/** Edit distance, to tell a typo (`endpiont`) from another library's attribute (`cfasync`). */
function distance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()]
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] == b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

/**
 * Maps `data-*` attributes to options. Values are passed on as written when they
 * do not parse, so validation names the attribute's option in its error; `problems`
 * collects what cannot be an option at all (a misspelt attribute, JSON that does not parse).
 * @example
 * readScriptOptions(script.dataset, problems) // { endpoint: 'https://c.example/e', batchSize: 10 }
 */
export function readScriptOptions(dataset: DOMStringMap, problems: string[] = []): Options {
  const options: Record<string, unknown> = {}
  for (const [rawKey, value] of Object.entries(dataset)) {
    if (value === undefined) continue
    const key = ALIASES[rawKey] ?? rawKey
    if (BOOLEAN.includes(key)) options[key] = value == '' || value == 'true' ? true : value == 'false' ? false : value
    else if (NUMBER.includes(key)) options[key] = value.trim() != '' && !isNaN(+value) ? +value : value
    else if (TEXT.includes(key)) options[key] = value
    else if (key == 'stripParams') options[key] = value.split(',').map((p) => p.trim()).filter(Boolean)
    else if (JSON_VALUED.includes(key)) {
      // A rules value that looks like JSON is inline rules, never a URL to fetch.
      if (!/^\s*[{[]/.test(value)) options[key] = value
      else {
        try {
          options[key] = JSON.parse(value)
        } catch (error) {
          problems.push(`${kebab(key)}: not valid JSON (${(error as Error).message})`)
        }
      }
    } else if (!SWITCHES.includes(key)) {
      const near = KNOWN.find((known) => distance(key.toLowerCase(), known.toLowerCase()) <= Math.min(2, known.length / 3))
      if (near) problems.push(`${kebab(key)}: unknown attribute (did you mean ${kebab(near)}?)`)
    }
  }
  return options as Options
}

/**
 * The capture plugins of the script tag: all on, each turned off by its attribute
 * (`data-forms="false"`, `data-chat="false"`, `data-elements="false"`,
 * `data-data-layer="false"`); `data-chat-selectors` replaces the launcher selectors.
 * @example
 * readScriptPlugins({ chat: 'false' }) // [forms(), elements(), dataLayerPurchases()]
 */
export function readScriptPlugins(dataset: DOMStringMap): Plugin[] {
  const on = (key: string) => dataset[key] != 'false'
  return [on('forms') && forms(), on('chat') && chat({ selectors: dataset.chatSelectors }), on('elements') && elements(), on('dataLayer') && dataLayerPurchases()].filter(
    Boolean,
  ) as Plugin[]
}
