/**
 * What the visitor did before, kept across visits so rules can say
 * "a returning buyer is in retention".
 */
import { readStored, writeStored, removeStored } from './storage'

const KEY = 'journeytag:visitor'

/** The visitor's history as rules see it (`when.visitor`). */
export interface VisitorState {
  /** Purchases before the current touchpoint. */
  purchases: number
  /** Sessions so far, the current one included. */
  sessions: number
  /** Phases reached so far, in the order first reached. */
  reached: string[]
  /** Channel of the first visit ever seen. */
  firstChannel?: string
  /** Whether identify() linked a user id. */
  identified: boolean
}

const count = (value: unknown) => (typeof value == 'number' && value >= 0 ? value : 0)

/** The stored visitor state (a fresh one for a first-time visitor); each damaged field is repaired on its own. */
export function loadVisitor(): VisitorState {
  const stored = readStored<Record<string, unknown>>(KEY) ?? {}
  const { reached, firstChannel } = stored
  return {
    purchases: count(stored.purchases),
    sessions: count(stored.sessions),
    reached: Array.isArray(reached) ? reached.filter((p) => typeof p == 'string') : [],
    firstChannel: typeof firstChannel == 'string' ? firstChannel : undefined,
    identified: stored.identified === true,
  }
}

/** Persists the visitor state. */
export const saveVisitor = (state: VisitorState): void => writeStored(KEY, state)

/** Forgets the visitor (reset() on logout). */
export const clearVisitor = (): void => removeStored(KEY)
