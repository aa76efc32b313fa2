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

/** The stored visitor state (a fresh one for a first-time visitor). */
export function loadVisitor(): VisitorState {
  const stored = readStored<Partial<VisitorState>>(KEY)
  return {
    purchases: stored?.purchases ?? 0,
    sessions: stored?.sessions ?? 0,
    reached: stored?.reached ?? [],
    firstChannel: stored?.firstChannel,
    identified: stored?.identified ?? false,
  }
}

/** Persists the visitor state. */
export function saveVisitor(state: VisitorState): void {
  writeStored(KEY, state)
}

/** Forgets the visitor (reset() on logout). */
export function clearVisitor(): void {
  removeStored(KEY)
}
