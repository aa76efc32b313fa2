/**
 * Reads init() options from the script tag's data-* attributes, so one
 * `<script async src=… data-endpoint=…>` line is a complete install. A
 * misspelt attribute is an error that suggests the right one, never silence.
 */
import { parse } from './builtins'
import { DEFAULT_OPTIONS, type Options } from './options'
import type { Plugin } from './plugin'
import { forms } from './capture/forms'
import { chat } from './capture/chat'
import { elements } from './capture/elements'
import { dataLayerPurchases } from './capture/purchases'
import { friction, FRICTION_KINDS, type FrictionOptions } from './capture/friction'
import { engagement } from './capture/engagement'

/** Short attribute names people expect to write. */
const ALIASES: Record<string, string> = { respectDnt: 'respectDoNotTrack', respectGpc: 'respectGlobalPrivacyControl' }
/** Options read as JSON (rules also as a URL); every other option is read as the type of its default (endpoint as text). */
const JSON_VALUED = 'rules headers retry'.split(' ')
const frictionKey = (kind: string) => `friction${kind[0]!.toUpperCase()}${kind.slice(1)}`
/** Plugins are functions: no attribute can give one. */
const OPTIONS = Object.keys(DEFAULT_OPTIONS).filter((key) => key != 'plugins')
/**
 * Attributes of the captures: the ones readScriptPlugins reads, recorded by a run over a dataset that
 * has none (the capture factories only build closures), so no second list of them can drift.
 * Their order only decides between two equally near suggestions: it is the order they are read in.
 */
const SWITCHES: string[] = []
readScriptPlugins(new Proxy({}, { get: (_, key: string) => void SWITCHES.push(key) }))
const KNOWN = [...OPTIONS, 'endpoint', ...JSON_VALUED, ...Object.keys(ALIASES), ...SWITCHES]

const kebab = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

/**
 * Whether `a` is at most `k` edits (insert, delete, replace a character) from `b`: the edit distance, bounded,
 * to tell a typo (`endpiont`) from another library's attribute (`cfasync`). Equal first characters are always
 * worth keeping; otherwise each of the three edits is tried, and `k` (2 at most) keeps that small.
 */
const near = (a: string, b: string, k: number): boolean =>
  a == b || (a[0] == b[0] ? near(a.slice(1), b.slice(1), k) : --k >= 0 && (near(a.slice(1), b, k) || near(a, b.slice(1), k) || near(a.slice(1), b.slice(1), k)))

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
    const type = OPTIONS.includes(key) && typeof DEFAULT_OPTIONS[key as keyof typeof DEFAULT_OPTIONS]
    if (type == 'boolean') options[key] = value == '' || value == 'true' || (value == 'false' ? false : value)
    else if (type == 'number') options[key] = value.trim() && !isNaN(+value) ? +value : value
    else if (type == 'object') options[key] = value.split(',').map((p) => p.trim()).filter(Boolean) // stripParams
    else if (type || key == 'endpoint') options[key] = value
    else if (JSON_VALUED.includes(key)) {
      // A rules value that looks like JSON is inline rules, never a URL to fetch.
      try {
        options[key] = /^\s*[{[]/.test(value) ? parse(value) : value
      } catch (error) {
        problems.push(`${kebab(key)}: not valid JSON (${(error as Error).message})`)
      }
    } else if (!SWITCHES.includes(key)) {
      // The nearest: within 0 edits, then 1, then 2 (`data-form` is one edit from data-forms, two from data-format).
      const meant = [0, 1, 2].map((k) => KNOWN.find((known) => near(key.toLowerCase(), known.toLowerCase(), Math.min(k, known.length / 3) | 0))).find(Boolean)
      if (meant) problems.push(`${kebab(key)}: unknown attribute (did you mean ${kebab(meant)}?)`)
    }
  }
  return options as Options
}

/**
 * The capture plugins of the script tag: all on, each turned off by its attribute
 * (`data-forms="false"`, `data-chat="false"`, `data-elements="false"`,
 * `data-data-layer="false"`, `data-friction="false"`, `data-engagement="false"`);
 * `data-chat-selectors` replaces the launcher selectors. Each friction kind has its
 * switch (`data-friction-rage-click="false"`), error pages a title and selector match
 * (`data-friction-error-title`, `data-friction-error-selector`); engagement's links are
 * on (`data-outbound-links`, `data-downloads`), scroll depth and engaged time opt-in
 * (`data-scroll-depth`, `data-engaged-time`).
 * @example
 * readScriptPlugins({ chat: 'false' }) // [forms(), elements(), dataLayerPurchases(), friction(), engagement()]
 */
export function readScriptPlugins(dataset: DOMStringMap): Plugin[] {
  const on = (key: string) => dataset[key] != 'false'
  const optIn = (key: string) => dataset[key] != null && on(key)
  const errorPage = { title: dataset.frictionErrorTitle, selector: dataset.frictionErrorSelector }
  const kinds: FrictionOptions = Object.fromEntries(FRICTION_KINDS.map((kind) => [kind, on(frictionKey(kind))]))
  if (kinds.errorPage) kinds.errorPage = errorPage
  return [
    on('forms') && forms(),
    on('chat') && chat({ selectors: dataset.chatSelectors }),
    on('elements') && elements(),
    on('dataLayer') && dataLayerPurchases(),
    on('friction') && friction(kinds),
    on('engagement') && engagement({ outboundLinks: on('outboundLinks'), downloads: on('downloads'), scrollDepth: optIn('scrollDepth'), engagedTime: optIn('engagedTime') }),
  ].filter(Boolean) as Plugin[]
}
