/**
 * The init() options, as the zod contract (Node tooling, the conformance test).
 * The browser checks the same shape with its own compact validator (`src/check/`).
 */
import * as z from 'zod/mini'
import type { TouchpointEvent } from './event'
import type { RulesDocument } from './rules'

const fn = <T>() => z.custom<T>((value) => typeof value === 'function')
const positiveInt = z.number().check(z.int(), z.positive())
const count = z.number().check(z.int(), z.nonnegative())

/** A capture plugin (see `Plugin`); typed loosely here so the contract has no DOM types. */
type AnyPlugin = (tracker: never) => unknown
type AnyTransport = (request: never) => Promise<unknown>

/**
 * The options of init(). Strict: an unknown option is an error naming it.
 * @example
 * optionsSchema.safeParse({ endpoint: '/collect', batchSize: 50 })
 */
export const optionsSchema = z.strictObject({
  endpoint: z.optional(z.string().check(z.minLength(1))),
  rules: z.optional(z.union([z.string().check(z.minLength(1)), z.custom<RulesDocument>((v) => typeof v === 'object' && v !== null)])),
  // A value fetch takes: a ByteString (no character past U+00FF) without CR, LF or NUL.
  headers: z.optional(z.record(z.string(), z.string().check(z.regex(/^[^\0\n\r\u0100-\uffff]*$/)))),
  format: z.optional(z.enum(['native', 'segment'])),
  transport: z.optional(fn<AnyTransport>()),
  batchSize: z.optional(positiveInt.check(z.maximum(1000))),
  flushInterval: z.optional(positiveInt),
  maxQueueSize: z.optional(positiveInt),
  maxEventAge: z.optional(positiveInt),
  compress: z.optional(z.boolean()),
  storageWorker: z.optional(z.boolean()),
  timeout: z.optional(positiveInt),
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
  plugins: z.optional(z.array(fn<AnyPlugin>())),
  beforeSend: z.optional(fn<(event: TouchpointEvent) => TouchpointEvent | null | false | undefined>()),
  stripParams: z.optional(z.array(z.string())),
  requireConsent: z.optional(z.boolean()),
  respectDoNotTrack: z.optional(z.boolean()),
  respectGlobalPrivacyControl: z.optional(z.boolean()),
  identityStorage: z.optional(z.enum(['localStorage', 'cookie', 'none'])),
  sessionTimeout: z.optional(positiveInt),
  debug: z.optional(z.boolean()),
})
