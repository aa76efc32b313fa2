import { DEFAULT_PHASES, LIMITS } from '../contract/limits'
import type { RulesDocument } from '../contract/rules'
import { rulesShape } from '../check/shapes'
import { describeIssues, validate } from '../check/validate'

/** The outcome of checking a rules document: the document, or one message naming every wrong field. */
export type RulesResult = { ok: true; rules: RulesDocument } | { ok: false; error: string }

/**
 * Validates a rules document. Beyond its shape, every phase a rule names must be
 * declared (the five defaults, or `phases`), so a typo like "conversoin" is an error,
 * not a silent new phase. Every problem is reported at once.
 * @example
 * const result = parseRules(JSON.parse(text))
 * if (!result.ok) console.error(result.error)
 */
export function parseRules(input: unknown): RulesResult {
  const problems = [describeIssues(validate(rulesShape, input))]
  const doc = input as RulesDocument
  const phases = Array.isArray(doc?.phases) ? doc.phases : DEFAULT_PHASES
  const undeclared = (phase: unknown) => typeof phase == 'string' && !phases.includes(phase)
  // A phase travels in every event: one longer than the event schema allows would make them all invalid.
  for (const phase of phases) if (typeof phase == 'string' && phase.length > LIMITS.phase) problems.push(`phases: "${phase.slice(0, 20)}…" is longer than ${LIMITS.phase} characters`)
  const declared = `(${phases.join(', ')})`
  if (Array.isArray(doc?.rules)) {
    doc.rules.forEach((rule, i) => {
      if (undeclared(rule?.phase)) problems.push(`rules[${i}].phase: "${rule.phase}" is not a declared phase ${declared}; list custom phases in "phases"`)
    })
  }
  if (undeclared(doc?.fallback)) problems.push(`fallback: "${doc.fallback}" is not a declared phase ${declared}`)
  const error = problems.filter(Boolean).join('; ')
  return error ? { ok: false, error } : { ok: true, rules: doc }
}
