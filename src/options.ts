/**
 * init() options: validated once at the edge. An invalid option is reported in
 * one console error naming it, and replaced by its default, so a typo in a
 * config never stops the site or the other options from working.
 */
import type { TouchpointEvent } from './contract/event'
import type { RulesDocument } from './contract/rules'
import type { Plugin } from './plugin'
import type { Transport } from './delivery/transport'
import type { RetryPolicy } from './delivery/retry'
import type { Format } from './delivery/formats/native'
import { optionsShape } from './check/shapes'
import { describeIssues, validate } from './check/validate'

/** Options for init(). Every field is optional except where a collector is needed: `endpoint` (or `transport`). */
export interface Options {
  /** URL of your collector. */
  endpoint?: string
  /** A rules document, or the URL of a JSON rules file. Default: the default rules. */
  rules?: RulesDocument | string
  /** Extra HTTP headers on every delivery. */
  headers?: Record<string, string>
  /**
   * Wire format: journeytag's `'native'` batches (default), or the Segment module
   * (`import { segment } from 'journeytag'`, then `format: segment`; the script tag takes `'segment'`).
   */
  format?: 'native' | 'segment' | Format
  /** Your own sender, instead of fetch/beacon. */
  transport?: Transport
  /** Send when this many events are queued (1–1000, default 20). */
  batchSize?: number
  /** Milliseconds between scheduled sends (default 5000). */
  flushInterval?: number
  /** Events kept at most while the collector is unreachable (default 1000). */
  maxQueueSize?: number
  /** Milliseconds an undelivered event is kept (default 7 days). */
  maxEventAge?: number
  /** gzip request bodies where the browser can (default false). */
  compress?: boolean
  /**
   * Runs the queue's IndexedDB work in a dedicated worker (from a `blob:` URL), off the page's main thread
   * (default true). Where the page's Content-Security-Policy refuses `blob:` workers it runs on the main thread;
   * `false` never tries (no CSP violation report).
   */
  storageWorker?: boolean
  /** Milliseconds a delivery request may take before it counts as a network error (default 30000). */
  timeout?: number
  /** Overrides parts of the retry policy. */
  retry?: Partial<RetryPolicy>
  /** Record page views automatically (default true). */
  autoPageviews?: boolean
  /** `#/route` fragments are pages of their own (default false). */
  hashRouting?: boolean
  /** Capture modules: `forms()`, `chat()`, `elements()`, `dataLayerPurchases()`, or your own. */
  plugins?: Plugin[]
  /** Enrich or drop each event before it is queued; return null or false to drop it (nothing returned drops it too, with one warning). */
  beforeSend?: (event: TouchpointEvent) => TouchpointEvent | null | false | undefined
  /** Query parameters removed from every URL, in addition to the built-in list. */
  stripParams?: string[]
  /** Record nothing until `consent(true)` (default false). */
  requireConsent?: boolean
  /** Record nothing when the browser sends Do Not Track (default false). */
  respectDoNotTrack?: boolean
  /** Record nothing when the browser signals Global Privacy Control (default true). */
  respectGlobalPrivacyControl?: boolean
  /** Where the visitor's ids and state live (default 'localStorage'). */
  identityStorage?: 'localStorage' | 'cookie' | 'none'
  /** Minutes of inactivity that end a session (default 30). */
  sessionTimeout?: number
  /** Log every event, phase and delivery to the console (default false). */
  debug?: boolean
}

/** The defaults applied to every option not given. */
export const DEFAULT_OPTIONS = {
  format: 'native' as 'native' | 'segment' | Format,
  batchSize: 20,
  flushInterval: 5_000,
  maxQueueSize: 1_000,
  maxEventAge: 7 * 24 * 60 * 60 * 1000,
  compress: false,
  storageWorker: true,
  timeout: 30_000,
  autoPageviews: true,
  hashRouting: false,
  plugins: [] as Plugin[],
  stripParams: [] as string[],
  requireConsent: false,
  respectDoNotTrack: false,
  respectGlobalPrivacyControl: true,
  identityStorage: 'localStorage' as 'localStorage' | 'cookie' | 'none',
  sessionTimeout: 30,
  debug: false,
}

/** The options that protect the visitor: when one is given wrongly, the protective value (true) is used. */
const PRIVACY_OPTIONS = ['requireConsent', 'respectDoNotTrack', 'respectGlobalPrivacyControl']

/** Options with every default filled in. */
export type ResolvedOptions = Omit<Options, keyof typeof DEFAULT_OPTIONS> & typeof DEFAULT_OPTIONS

/**
 * Validates options. Returns the resolved options and, when something was
 * wrong, one message naming every bad field (each option at fault falls back to its default).
 * @example
 * resolveOptions({ endpoint: '/collect', batchSize: 'x' }).error // 'batchSize: expected number'
 */
export function resolveOptions(input: unknown): { options: ResolvedOptions; error?: string } {
  const given: Record<string, unknown> = typeof input == 'object' && input ? { ...input } : {}
  // A format module (`format: segment`) is a function: the shape, shared with zod, names only the strings.
  const issues = validate(optionsShape, typeof given.format == 'function' ? { ...given, format: undefined } : given)
  // Beyond the shape: what would make every request fail.
  const { endpoint, headers } = given as Options
  try {
    if (typeof endpoint == 'string' && !/^https?:$/.test(new URL(endpoint, location.href).protocol)) throw 0
  } catch {
    issues.push([['endpoint'], 'not an http(s) URL'])
  }
  for (const name in headers) if (!/^[\w!#$%&'*+.^`|~-]+$/.test(name)) issues.push([['headers', name], 'not a valid header name'])
  // Privacy by default: a privacy option at fault falls back to true, the protective value, not to its default.
  // A plugin that is not a function is left out, not the list (plugins[1]): the site's other plugins still run.
  for (const issue of issues) {
    const name = issue[0][0] as string
    given[name] = PRIVACY_OPTIONS.includes(name)
      ? !!(issue[1] += ' (using true)')
      : name == 'plugins' && issue[0][1] != null
        ? (given.plugins as unknown[]).filter((plugin) => typeof plugin == 'function')
        : undefined
  }
  for (const key in given) if (given[key] === undefined) delete given[key]
  const options = { ...DEFAULT_OPTIONS, ...given } as ResolvedOptions
  let error = describeIssues(issues)
  if (!options.endpoint && !options.transport) error += `${error && '; '}endpoint: required (the URL of your collector); events are kept until one is set`
  return error ? { options, error } : { options }
}
