/**
 * Schemas for collectors and tooling (`journeytag/schema`): validate batches
 * with exactly the shape the SDK sends. Safe to import in Node: no DOM access.
 * @example
 * import { batchSchema } from 'journeytag/schema'
 * const result = batchSchema.safeParse(JSON.parse(body))
 */
export { eventSchema, batchSchema, SCHEMA_VERSION, TOUCHPOINT_TYPES } from './event'
export type { TouchpointEvent, Batch, PageContext, Campaign } from './event'
export { rulesDocumentSchema, ruleSchema, conditionsSchema, DEFAULT_PHASES } from './rules/schema'
export type { RulesDocument, Rule, Conditions } from './rules/schema'
export { parseRules, type RulesResult } from './rules/parse'
export { defaultRules } from './rules/defaults'
export { formatIssues } from './validation-error'
export { rulesJsonSchema } from './rules/json-schema'
