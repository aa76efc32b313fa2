/** Gets the rules in force: inline, from a JSON rules file, or the defaults when either is missing or invalid. */
import { logError } from '../log'
import { defaultRules } from './defaults'
import { parseRules } from './parse'
import type { RulesDocument } from '../contract/rules'

/**
 * Resolves the rules option. Never rejects: any problem is one console error
 * that names the field, and the default rules take over.
 * @example
 * const rules = await loadRules('/journey-rules.json')
 */
export async function loadRules(source: RulesDocument | string | undefined): Promise<RulesDocument> {
  let input: unknown = source ?? defaultRules
  if (typeof source == 'string') {
    try {
      const response = await fetch(source, { credentials: 'same-origin', signal: AbortSignal.timeout?.(5_000) })
      if (!response.ok) throw Error(`HTTP ${response.status}`)
      input = await response.json()
    } catch (error) {
      logError(`rules: could not load "${source}" (${(error as Error)?.message}); using the default rules`)
      return defaultRules
    }
  }
  const result = parseRules(input)
  if (result.ok) return result.rules
  logError(`invalid rules, using the default rules: ${result.error}`)
  return defaultRules
}
