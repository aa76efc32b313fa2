/**
 * The touchpoint event and the batch envelope: the wire contract, defined once
 * with zod and shared with collectors (`import { batchSchema } from 'journeytag/schema'`).
 * Every string is capped (`LIMITS`), so one poisoned event is a 400 that names
 * its field, never a database error. Unknown fields are refused, not stripped.
 */
import * as z from 'zod/mini'
import { LIMITS, SCHEMA_VERSION } from './limits'
import { propertiesProblem } from './properties'

const text = (max: number, min = 0) => z.string().check(z.minLength(min), z.maxLength(max))

const pageSchema = z.strictObject({
  url: text(LIMITS.url),
  path: text(LIMITS.path),
  title: text(LIMITS.title),
  referrer: text(LIMITS.url),
})

const campaignSchema = z.strictObject({
  source: z.optional(text(LIMITS.campaign)),
  medium: z.optional(text(LIMITS.campaign)),
  name: z.optional(text(LIMITS.campaign)),
  term: z.optional(text(LIMITS.campaign)),
  content: z.optional(text(LIMITS.campaign)),
})

/** `properties`: a JSON object within the depth, key and size limits. */
export const propertiesSchema = z.record(z.string(), z.unknown()).check(
  z.refine((value) => !propertiesProblem(value), { message: 'properties must be JSON within the limits' }),
)

/**
 * One touchpoint. `id` is a UUID v4: delivery is at-least-once, so collectors
 * de-duplicate by it. `timestamp` is ISO 8601, with `Z` or an offset (`+02:00`).
 * @example
 * const result = eventSchema.safeParse(json)
 */
export const eventSchema = z.strictObject({
  id: z.uuid(),
  type: text(LIMITS.type, 1),
  phase: text(LIMITS.phase, 1),
  anonymousId: text(LIMITS.id, 1),
  userId: z.optional(text(LIMITS.userId, 1)),
  sessionId: text(LIMITS.id, 1),
  timestamp: z.iso.datetime({ offset: true }),
  page: pageSchema,
  channel: text(LIMITS.channel),
  campaign: z.optional(campaignSchema),
  properties: propertiesSchema,
})

/**
 * What the SDK POSTs to the collector. `sentAt` lets the collector correct
 * client clock skew: `serverTime - sentAt` is the offset to add to each `timestamp`.
 * @example
 * const batch = batchSchema.parse(JSON.parse(body))
 */
export const batchSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  sentAt: z.iso.datetime({ offset: true }),
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
