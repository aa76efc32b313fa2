/**
 * The visitor's journey phase, live in the page: what the site needs to reach the
 * right person at the right time (a retention offer for a returning buyer, a review
 * prompt in advocacy). The phase is known once a touchpoint is built (touchpoint.ts
 * calls phaseBuilt); callbacks are guarded, so a throwing one never breaks tracking.
 */
import { guard } from './log'
import { loadVisitor } from './context/journey-state'

/** What onPhase callbacks are given. */
export interface PhaseChange {
  /** The phase of the visitor's latest touchpoint. */
  phase: string
  /** Every phase the visitor has reached, in the order first reached. */
  reached: string[]
  /** True when this touchpoint reached `phase` for the first time. */
  first: boolean
}

let current: string | undefined
const callbacks = new Set<(change: PhaseChange) => void>()

const reachedNow = () => [...loadVisitor().reached]
const notify = (callback: (change: PhaseChange) => void, phase: string, first: boolean) =>
  guard('onPhase callback', () => callback({ phase, reached: reachedNow(), first }))

/**
 * The visitor's current phase (of the latest touchpoint built on this page; undefined
 * before the first) and the phases reached so far.
 * @example
 * if (getPhase().reached.includes('conversion')) showLoyaltyBanner()
 */
export function getPhase(): { phase: string | undefined; reached: string[] } {
  return { phase: current, reached: reachedNow() }
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
    if (current) notify(callback, current, false)
  }
  return () => void callbacks.delete(callback)
}

/** Called by the tracker for each touchpoint built with the site's rules: `first` when it reached its phase for the first time. */
export function phaseBuilt(phase: string, first: boolean): void {
  const known = current
  current = phase
  if (first || !known) [...callbacks].forEach((callback) => notify(callback, phase, first))
}
