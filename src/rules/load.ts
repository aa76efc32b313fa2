/** Gets the rules in force: inline, from a JSON rules file, or the defaults when either is missing or invalid. */
import { logError } from '../log'
import { defaultRules } from './defaults'
import { parseRules } from './parse'
import type { RulesDocument } from '../contract/rules'

const FETCH_TIMEOUT_MS = 5_000

async function fetchJson(url: string): Promise<unknown> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined
  const timer = setTimeout(() => controller?.abort(), FETCH_TIMEOUT_MS)
  try {
    const response = await fetch(url, { credentials: 'same-origin', signal: controller?.signal })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return await response.json()
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Resolves the rules option. Never rejects: any problem is one console error
 * that names the field, and the default rules take over.
 */
export async function loadRules(source: RulesDocument | string | undefined): Promise<RulesDocument> {
  if (source === undefined) return defaultRules
  let input: unknown = source
  if (typeof source === 'string') {
    try {
      input = await fetchJson(source)
    } catch (error) {
      logError(`rules: could not load "${source}" (${(error as Error).message}); using the default rules`)
      return defaultRules
    }
  }
  const result = parseRules(input)
  if (result.ok) return result.rules
  logError(`invalid rules, using the default rules: ${result.error}`)
  return defaultRules
}
