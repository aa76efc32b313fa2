/**
 * init() options: validated once at the edge. An invalid option is reported in
 * one console error naming it, and replaced by its default, so a typo in a
 * config never stops the site or the other options from working.
 */
import * as z from 'zod/mini'
import type { TouchpointEvent } from './contract/event'
import type { RulesDocument } from './contract/rules'
import type { Plugin } from './plugin'
import type { Transport } from './delivery/transport'
import { formatIssues } from './contract/format-issues'

const fn = <T>() => z.custom<T>((value) => typeof value === 'function')
const positiveInt = z.number().check(z.int(), z.positive())
const count = z.number().check(z.int(), z.nonnegative())

const optionsSchema = z.strictObject({
  endpoint: z.optional(z.string().check(z.minLength(1))),
  rules: z.optional(z.union([z.string().check(z.minLength(1)), z.custom<RulesDocument>((v) => typeof v === 'object' && v !== null)])),
  headers: z.optional(z.record(z.string(), z.string())),
  format: z.optional(z.enum(['native', 'segment'])),
  transport: z.optional(fn<Transport>()),
  batchSize: z.optional(positiveInt.check(z.maximum(1000))),
  flushInterval: z.optional(positiveInt),
  maxQueueSize: z.optional(positiveInt),
  maxEventAge: z.optional(positiveInt),
  compress: z.optional(z.boolean()),
  /** Overrides parts of the retry policy (see README "Delivery"). */
  retry: z.optional(
    z.strictObject({
      limit: z.optional(count),
      statusCodes: z.optional(z.array(count)),
      afterStatusCodes: z.optional(z.array(count)),
      delay: z.optional(count),
      backoffLimit: z.optional(count),
    }),
  ),
  autoPageviews: z.optional(z.boolean()),
  hashRouting: z.optional(z.boolean()),
  plugins: z.optional(z.array(fn<Plugin>())),
  beforeSend: z.optional(fn<(event: TouchpointEvent) => TouchpointEvent | null | false | undefined>()),
  stripParams: z.optional(z.array(z.string())),
  requireConsent: z.optional(z.boolean()),
  respectDoNotTrack: z.optional(z.boolean()),
  respectGlobalPrivacyControl: z.optional(z.boolean()),
  identityStorage: z.optional(z.enum(['localStorage', 'cookie', 'none'])),
  sessionTimeout: z.optional(positiveInt),
  debug: z.optional(z.boolean()),
})

/** Options for init(). Every field is optional except where a collector is needed: `endpoint` (or `transport`). */
export type Options = z.infer<typeof optionsSchema>

/** The defaults applied to every option not given. */
export const DEFAULT_OPTIONS = {
  format: 'native' as 'native' | 'segment',
  batchSize: 20,
  flushInterval: 5_000,
  maxQueueSize: 1_000,
  maxEventAge: 7 * 24 * 60 * 60 * 1000,
  compress: false,
  autoPageviews: true,
  hashRouting: false,
  plugins: [] as Plugin[],
  stripParams: [] as string[],
  requireConsent: false,
  respectDoNotTrack: false,
  respectGlobalPrivacyControl: true,
  identityStorage: 'localStorage',
  sessionTimeout: 30,
  debug: false,
} satisfies Options

/** Options with every default filled in. */
export type ResolvedOptions = Omit<Options, keyof typeof DEFAULT_OPTIONS> & typeof DEFAULT_OPTIONS

/**
 * Validates options. Returns the resolved options and, when something was
 * wrong, one message naming every bad field (each replaced by its default).
 */
export function resolveOptions(input: unknown): { options: ResolvedOptions; error?: string } {
  const given: Record<string, unknown> = typeof input === 'object' && input !== null ? { ...input } : {}
  let error: string | undefined
  let parsed = optionsSchema.safeParse(given)
  if (!parsed.success) {
    error = formatIssues(parsed.error.issues)
    for (const issue of parsed.error.issues) {
      // The top-level option at fault is dropped: the issue's first path segment, or for an unknown top-level key the key itself.
      const keys = issue.path.length ? [issue.path[0]] : 'keys' in issue ? issue.keys : []
      for (const key of keys) delete given[String(key)]
    }
    parsed = optionsSchema.safeParse(given)
  }
  const valid = parsed.success ? parsed.data : {}
  if (!valid.endpoint && !valid.transport) {
    error = (error ? `${error}; ` : '') + 'endpoint: required (the URL of your collector), events are kept until one is set'
  }
  const options = { ...DEFAULT_OPTIONS, ...stripUndefined(valid) } as ResolvedOptions
  return error ? { options, error } : { options }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
