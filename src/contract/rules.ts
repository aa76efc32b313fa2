/**
 * The phase rules document: plain JSON, validated with zod, also published as
 * JSON Schema (`journeytag/rules.schema.json`) so editors can check rules files.
 */
import * as z from 'zod/mini'

export { DEFAULT_PHASES } from './limits'

const oneOrMany = <T extends z.core.SomeType>(item: T) => z.union([item, z.array(item)])
const strings = oneOrMany(z.string())
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()])
const countCondition = z.union([
  z.number(),
  z.strictObject({ min: z.optional(z.number()), max: z.optional(z.number()) }),
])

const visitorCondition = z.strictObject({
  /** Purchases made before this touchpoint: a number for exactly, or {min, max}. */
  purchases: z.optional(countCondition),
  /** Sessions so far, including the current one. */
  sessions: z.optional(countCondition),
  /** Phases the visitor has already reached (any of). */
  reached: z.optional(strings),
  /** Channel of the visitor's very first visit (any of). */
  firstChannel: z.optional(strings),
  /** Whether identify() has linked a user id. */
  identified: z.optional(z.boolean()),
})

/** Conditions of one rule: all given conditions must hold; a list inside a condition means any of. */
export const conditionsSchema = z.strictObject({
  type: z.optional(strings),
  path: z.optional(strings),
  query: z.optional(z.record(z.string(), z.union([z.boolean(), strings]))),
  channel: z.optional(strings),
  referrer: z.optional(strings),
  selector: z.optional(z.string().check(z.minLength(1))),
  properties: z.optional(z.record(z.string(), oneOrMany(scalar))),
  visitor: z.optional(visitorCondition),
})

/** One rule: when its conditions hold, the touchpoint is in `phase`. */
export const ruleSchema = z.strictObject({
  name: z.optional(z.string()),
  phase: z.string().check(z.minLength(1)),
  when: conditionsSchema,
})

/**
 * The whole rules document. Rules are tried in order; the first that matches
 * assigns the phase; `fallback` (default: the first phase) applies when none does.
 * @example
 * { "rules": [{ "phase": "consideration", "when": { "path": "/pricing/**" } }] }
 */
export const rulesDocumentSchema = z.strictObject({
  $schema: z.optional(z.string()),
  phases: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  rules: z.array(ruleSchema),
  fallback: z.optional(z.string().check(z.minLength(1))),
})

/** A phase rules document (the JSON you write). */
export type RulesDocument = z.infer<typeof rulesDocumentSchema>
/** One rule of a rules document. */
export type Rule = z.infer<typeof ruleSchema>
/** The conditions (`when`) of a rule. */
export type Conditions = z.infer<typeof conditionsSchema>
