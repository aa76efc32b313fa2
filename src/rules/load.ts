/** Gets the rules in force: inline, from a JSON rules file, or the defaults when either is missing or invalid. */
import { later, logError } from '../log'
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
    // An own timer, not AbortSignal.timeout (Safari 16, Chrome 103, Firefox 100): aborting also ends a body still arriving.
    const abort = new AbortController()
    const timer = later(() => abort.abort(Error('timed out after 5 s')), 5_000)
    try {
      const response = await fetch(source, { credentials: 'same-origin', signal: abort.signal })
      if (!response.ok) throw Error(`HTTP ${response.status}`)
      input = await response.json()
      clearTimeout(timer)
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
