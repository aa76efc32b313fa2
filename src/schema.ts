/**
 * Schemas for collectors and tooling (`journeytag/schema`): validate batches
 * with exactly the shape the SDK sends. Safe to import in Node: no DOM access.
 * @example
 * import { batchSchema } from 'journeytag/schema'
 * const result = batchSchema.safeParse(JSON.parse(body))
 */
export { eventSchema, batchSchema, propertiesSchema } from './contract/event'
export { SCHEMA_VERSION, TOUCHPOINT_TYPES, LIMITS } from './contract/limits'
export { propertiesProblem } from './contract/properties'
export { optionsSchema } from './contract/options'
export { orderSchema } from './contract/order'
export type { TouchpointEvent, Batch, PageContext, Campaign } from './contract/event'
export { rulesDocumentSchema, ruleSchema, conditionsSchema, DEFAULT_PHASES } from './contract/rules'
export type { RulesDocument, Rule, Conditions } from './contract/rules'
export { parseRules, type RulesResult } from './rules/parse'
export { defaultRules } from './rules/defaults'
export { formatIssues } from './contract/format-issues'
export { rulesJsonSchema } from './contract/json-schema'
