// Descriptions live here, not in the zod schema, so they cost the browser bundle nothing.
import { toJSONSchema } from 'zod/v4/core'
import { rulesDocumentSchema } from './rules'
import { TOUCHPOINT_TYPES } from './limits'

const DESCRIPTIONS: Record<string, string> = {
  phases: 'The phases of your journey, in order. Default: awareness, consideration, conversion, retention, advocacy. Every phase a rule names must be listed.',
  rules: 'Rules tried in order; the first whose conditions all hold assigns the phase.',
  fallback: 'The phase when no rule matches. Default: the first phase.',
  'rules.name': 'A label for the rule, shown nowhere but in your rules file.',
  'rules.phase': 'The phase assigned when the conditions hold.',
  'rules.when': 'Conditions: all must hold. A list inside a condition means any of.',
  'when.type': `The touchpoint type is one of these (${TOUCHPOINT_TYPES.join(', ')}, or a custom name).`,
  'when.path': 'The page path matches one of these globs: * within a segment, ** across segments; /x/** also matches /x.',
  'when.query': 'Each named query parameter has one of the values; true = present, false = absent.',
  'when.channel': 'The session channel is one of these: direct, organic_search, paid_search, social, paid_social, email, referral, display, affiliate.',
  'when.referrer': 'The referrer host matches one of these globs, e.g. *.google.*',
  'when.selector': "The touchpoint's element or one of its ancestors matches this CSS selector.",
  'when.properties': 'Each named property equals the value, or one of the values.',
  'when.visitor': 'What the visitor did before this touchpoint.',
  'visitor.purchases': 'Purchases before this touchpoint: a number, or {min, max}.',
  'visitor.sessions': 'Sessions so far, this one included: a number, or {min, max}.',
  'visitor.reached': 'The visitor already reached one of these phases.',
  'visitor.firstChannel': "The channel of the visitor's first visit is one of these.",
  'visitor.identified': 'identify() has (true) or has not (false) linked a user id.',
}

/**
 * The rules document as JSON Schema (draft-07), with descriptions for editor hovers.
 * Published as `journeytag/rules.schema.json`; built from the same zod schema the SDK validates with.
 * @example
 * writeFileSync('rules.schema.json', JSON.stringify(rulesJsonSchema()))
 */
export function rulesJsonSchema(): Record<string, any> {
  const schema: Record<string, any> = toJSONSchema(rulesDocumentSchema, { target: 'draft-7' })
  schema.title = 'journeytag phase rules'
  schema.description = 'Ordered rules mapping each touchpoint to a customer-journey phase; the first matching rule wins.'
  const describe = (properties: Record<string, { description?: string }> | undefined, prefix: string) => {
    for (const [key, value] of Object.entries(properties ?? {})) {
      const text = DESCRIPTIONS[`${prefix}${key}`]
      if (text) value.description = text
    }
  }
  describe(schema.properties, '')
  const rule = schema.properties.rules.items
  describe(rule.properties, 'rules.')
  describe(rule.properties.when.properties, 'when.')
  describe(rule.properties.when.properties.visitor.properties, 'visitor.')
  return schema
}
