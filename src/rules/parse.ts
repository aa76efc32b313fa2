import { formatIssues } from '../contract/format-issues'
import { DEFAULT_PHASES, rulesDocumentSchema, type RulesDocument } from '../contract/rules'

/** The outcome of checking a rules document: the document, or one message naming every wrong field. */
export type RulesResult = { ok: true; rules: RulesDocument } | { ok: false; error: string }

/**
 * Validates a rules document. Beyond its shape, every phase a rule names must be
 * declared (the five defaults, or `phases`), so a typo like "conversoin" is an error,
 * not a silent new phase.
 * @example
 * const result = parseRules(JSON.parse(text))
 * if (!result.ok) console.error(result.error)
 */
export function parseRules(input: unknown): RulesResult {
  const parsed = rulesDocumentSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error.issues) }
  const doc = parsed.data
  const phases = doc.phases ?? DEFAULT_PHASES
  const problems: string[] = []
  doc.rules.forEach((rule, index) => {
    if (!phases.includes(rule.phase)) {
      problems.push(`rules[${index}].phase: "${rule.phase}" is not a declared phase (${phases.join(', ')}); list custom phases in "phases"`)
    }
  })
  if (doc.fallback !== undefined && !phases.includes(doc.fallback)) {
    problems.push(`fallback: "${doc.fallback}" is not a declared phase (${phases.join(', ')})`)
  }
  return problems.length ? { ok: false, error: problems.join('; ') } : { ok: true, rules: doc }
}
