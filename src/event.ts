/**
 * The touchpoint event and the batch envelope, defined once with zod and shared
 * with collectors (`import { batchSchema } from 'journeytag/schema'`).
 */
import * as z from 'zod/mini'

/** The batch format version. Bumped only on a breaking change to the wire shape. */
export const SCHEMA_VERSION = 1

/** The touchpoint kinds journeytag captures itself; any other non-empty name is a custom touchpoint. */
export const TOUCHPOINT_TYPES = ['page_view', 'form_start', 'form_submit', 'form_abandon', 'chat_open', 'purchase', 'identify'] as const

const pageSchema = z.object({
  url: z.string(),
  path: z.string(),
  title: z.string(),
  referrer: z.string(),
})

const campaignSchema = z.object({
  source: z.optional(z.string()),
  medium: z.optional(z.string()),
  name: z.optional(z.string()),
  term: z.optional(z.string()),
  content: z.optional(z.string()),
})

/**
 * One touchpoint. `id` is a UUID v4: delivery is at-least-once, so collectors
 * de-duplicate by it.
 * @example
 * const result = eventSchema.safeParse(json)
 */
export const eventSchema = z.object({
  id: z.uuid(),
  type: z.string().check(z.minLength(1), z.maxLength(100)),
  phase: z.string().check(z.minLength(1)),
  anonymousId: z.string().check(z.minLength(1)),
  userId: z.optional(z.string()),
  sessionId: z.string().check(z.minLength(1)),
  timestamp: z.iso.datetime(),
  page: pageSchema,
  channel: z.string(),
  campaign: z.optional(campaignSchema),
  properties: z.record(z.string(), z.unknown()),
})

/**
 * What the SDK POSTs to the collector. `sentAt` lets the collector correct
 * client clock skew: `serverTime - sentAt` is the offset to add to each `timestamp`.
 * @example
 * const batch = batchSchema.parse(JSON.parse(body))
 */
export const batchSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  sentAt: z.iso.datetime(),
  events: z.array(eventSchema).check(z.minLength(1)),
})

/** A touchpoint event as delivered to the collector. */
export type TouchpointEvent = z.infer<typeof eventSchema>
/** The page a touchpoint happened on (query parameters already stripped). */
export type PageContext = z.infer<typeof pageSchema>
/** UTM campaign parameters of the visit. */
export type Campaign = z.infer<typeof campaignSchema>
/** The envelope of one delivery. */
export type Batch = z.infer<typeof batchSchema>
