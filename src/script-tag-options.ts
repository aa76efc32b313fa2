/**
 * Reads init() options from the script tag's data-* attributes, so one
 * `<script async src=… data-endpoint=…>` line is a complete install.
 */
import type { Options } from './options'
import type { Plugin } from './plugin'
import { forms } from './capture/forms'
import { chat } from './capture/chat'
import { elements } from './capture/elements'
import { dataLayerPurchases } from './capture/purchases'

const BOOLEAN = ['autoPageviews', 'hashRouting', 'compress', 'requireConsent', 'respectDoNotTrack', 'respectGlobalPrivacyControl', 'debug']
const NUMBER = ['batchSize', 'flushInterval', 'maxQueueSize', 'maxEventAge', 'sessionTimeout']
const TEXT = ['endpoint', 'format', 'identityStorage']
/** Short attribute names people expect to write. */
const ALIASES: Record<string, string> = { respectDnt: 'respectDoNotTrack', respectGpc: 'respectGlobalPrivacyControl' }

/**
 * Maps `data-*` attributes to options. Values are passed on as written when they
 * do not parse, so validation names the attribute's option in its error.
 */
export function readScriptOptions(dataset: DOMStringMap): Options {
  const options: Record<string, unknown> = {}
  for (const [rawKey, value] of Object.entries(dataset)) {
    if (value === undefined) continue
    const key = ALIASES[rawKey] ?? rawKey
    if (BOOLEAN.includes(key)) options[key] = value === '' || value === 'true' ? true : value === 'false' ? false : value
    else if (NUMBER.includes(key)) options[key] = value.trim() !== '' && !isNaN(Number(value)) ? Number(value) : value
    else if (TEXT.includes(key)) options[key] = value
    else if (key === 'stripParams') options[key] = value.split(',').map((p) => p.trim()).filter(Boolean)
    else if (key === 'rules' || key === 'headers' || key === 'retry') options[key] = parseMaybeJson(value)
  }
  return options as Options
}

function parseMaybeJson(value: string): unknown {
  const trimmed = value.trim()
  if (!trimmed.startsWith('{')) return value
  try {
    return JSON.parse(trimmed)
  } catch {
    return value // reported by validation as the wrong type, naming the option
  }
}

/**
 * The capture plugins of the script tag: all on, each turned off by its attribute
 * (`data-forms="false"`, `data-chat="false"`, `data-elements="false"`,
 * `data-data-layer="false"`); `data-chat-selectors` replaces the launcher selectors.
 */
export function readScriptPlugins(dataset: DOMStringMap): Plugin[] {
  const on = (key: string) => dataset[key] !== 'false'
  return [
    on('forms') && forms(),
    on('chat') && chat({ selectors: dataset.chatSelectors }),
    on('elements') && elements(),
    on('dataLayer') && dataLayerPurchases(),
  ].filter(Boolean) as Plugin[]
}
