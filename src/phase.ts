/**
 * The visitor's journey phase, live in the page: what the site needs to reach the
 * right person at the right time (a retention offer for a returning buyer, a review
 * prompt in advocacy). The phase is known once a touchpoint is built (touchpoint.ts
 * keeps it in `phases`); callbacks are guarded, so a throwing one never breaks tracking.
 * The tracker does not import this module: an app that never calls onPhase does not ship it.
 */
import { guard } from './log'
import { loadVisitor } from './context/journey-state'
import { phases } from './touchpoint'

/** What onPhase callbacks are given. */
export interface PhaseChange {
  /** The phase of the visitor's latest touchpoint. */
  phase: string
  /** Every phase the visitor has reached, in the order first reached. */
  reached: string[]
  /** True when this touchpoint reached `phase` for the first time. */
  first: boolean
}

const callbacks = new Set<(change: PhaseChange) => void>()

// loadVisitor() builds a new list each time: a callback that changes it changes nothing stored.
const reachedNow = () => loadVisitor().reached
const notify = (callback: (change: PhaseChange) => void, phase: string, first: boolean) =>
  guard('onPhase callback', () => callback({ phase, reached: reachedNow(), first }))

/**
 * The visitor's current phase (of the latest touchpoint built on this page; undefined
 * before the first) and the phases reached so far.
 * @example
 * if (getPhase().reached.includes('conversion')) showLoyaltyBanner()
 */
export function getPhase(): { phase: string | undefined; reached: string[] } {
  return { phase: phases.now, reached: reachedNow() }
}

/**
 * Calls `callback` once with the current phase (as soon as the page's first
 * touchpoint has its phase), then each time the visitor reaches a phase for the
 * first time. Returns the function that unsubscribes.
 * @example
 * onPhase(({ phase, first }) => phase == 'advocacy' && first && showReviewPrompt())
 */
export function onPhase(callback: (change: PhaseChange) => void): () => void {
  if (typeof callback == 'function') {
    callbacks.add(callback)
    phases.tell = (phase, first, known) => (first || !known) && [...callbacks].forEach((c) => notify(c, phase, first))
    if (phases.now) notify(callback, phases.now, false)
  }
  return () => void callbacks.delete(callback)
}
