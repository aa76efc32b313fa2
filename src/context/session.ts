/**
 * Sessions. The rules, in full:
 * - a visit ends after `timeoutMinutes` without a touchpoint (30 by default);
 *   nothing else ends it: no split at midnight, none at a day or tab change;
 * - it is stored with the visitor's ids (`identityStorage`), so all tabs of a visit share it;
 * - its channel and campaign are attributed when it starts ('internal' counts as 'direct');
 * - an arrival with a new campaign (UTM parameters, or an ad click id) re-attributes
 *   the running session: same id, new channel. A plain referral does not: a visitor
 *   back from a payment provider or a sign-in page mid-checkout is still on the same visit.
 */
import type { Campaign } from '../contract/event'
import { uuid } from '../uuid'
import { readStored, writeStored, removeStored } from './storage'

const KEY = 'journeytag:session'

/** The current visit. */
export interface Session {
  id: string
  lastActivityAt: number
  channel: string
  campaign?: Campaign
  /** True for the touchpoint that started this session. */
  isNew?: boolean
}

/** What the current page load says about where the visitor came from. */
export interface Arrival {
  channel: string
  campaign?: Campaign
}

/** Returns the session for a touchpoint at `now`, starting a new one after the timeout. */
export function touchSession(now: number, arrival: Arrival, timeoutMinutes: number): Session {
  const stored = readStored<Session>(KEY)
  // Written so that a damaged record (no number in lastActivityAt) counts as expired, not as eternal.
  const expired = !stored || !(now - stored.lastActivityAt <= timeoutMinutes * 60_000)
  const attributed = arrival.campaign !== undefined || arrival.channel === 'paid_search'
  let session: Session
  if (expired) {
    const channel = arrival.channel === 'internal' ? 'direct' : arrival.channel
    session = { id: uuid(), lastActivityAt: now, channel, campaign: arrival.campaign, isNew: true }
  } else {
    session = { ...stored, lastActivityAt: now, isNew: false }
    if (attributed) {
      session.channel = arrival.channel
      session.campaign = arrival.campaign
    }
  }
  // Activity is written at most once a second: a 30-minute timeout does not need
  // millisecond precision, and a burst of touchpoints then costs one storage write.
  const changed = expired || session.channel !== stored.channel || session.campaign !== stored.campaign
  if (changed || now - stored.lastActivityAt >= 1000) writeStored(KEY, { ...session, isNew: undefined })
  return session
}

/** Ends the current session (reset()). */
export function clearSession(): void {
  removeStored(KEY)
}
