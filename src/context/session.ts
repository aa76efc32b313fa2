/**
 * Sessions. The rules, in full:
 * - a visit ends after `timeoutMinutes` without a touchpoint (30 by default);
 *   nothing else ends it: no split at midnight, none at a day or tab change;
 * - it is stored with the visitor's ids (`identityStorage`), so all tabs of a visit share it;
 *   activity is written at most once a minute and when the page is hidden;
 * - its channel and campaign are attributed when it starts ('internal' counts as 'direct');
 * - an arrival with a new campaign (UTM parameters, or an ad click id) re-attributes
 *   the running session: same id, new channel. A plain referral does not: a visitor
 *   back from a payment provider or a sign-in page mid-checkout is still on the same visit.
 */
import type { Campaign } from '../contract/event'
import { uuid } from '../uuid'
import { readStored, writeStored, removeStored } from './storage'
import { sessionShape } from '../check/shapes'
import { validate } from '../check/validate'

const KEY = 'journeytag:session'
/** A 30-minute timeout needs no millisecond precision: a burst of touchpoints costs no storage write. */
const WRITE_EVERY_MS = 60_000

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

let unsaved: Session | undefined
/** The stored record last found valid: the storage cache hands back the same object until storage changes, so each is checked once, not per touchpoint. */
let checked: Session | undefined
/** This tab's unwritten activity, while the stored session is still the one it belongs to and it is later than what is stored. */
const newer = (written?: Session) => unsaved && unsaved.id == written?.id && unsaved.lastActivityAt > written.lastActivityAt && unsaved

/** Returns the session for a touchpoint at `now`, starting a new one after the timeout. */
export function touchSession(now: number, arrival: Arrival, timeoutMinutes: number): Session {
  const written = readStored<Session>(KEY)
  // Not this tab's when another tab started another session since, or wrote later activity of this one.
  const stored = newer(written) || written
  // A damaged record (no id, no number in lastActivityAt, a field no event may carry) counts as expired, not as eternal.
  // (This tab's own records, unwritten or written, are built from checked parts.)
  const valid = !!stored && (stored == unsaved || stored == checked || (!validate(sessionShape, stored).length && !!(checked = stored)))
  const expired = !(valid && now - stored!.lastActivityAt <= timeoutMinutes * 60_000)
  const attributed = arrival.campaign || arrival.channel == 'paid_search'
  // 'internal' (a link from the site itself, which may carry UTM parameters) is never a session's channel.
  const from = { ...arrival, channel: arrival.channel == 'internal' ? 'direct' : arrival.channel }
  const session: Session = expired ? { id: uuid(), lastActivityAt: now, ...from } : { ...stored!, lastActivityAt: now, ...(attributed && from) }
  // Measured from the last write, not the last touchpoint: a tab busy every few seconds must still write.
  if (expired || attributed || !(now - written!.lastActivityAt < WRITE_EVERY_MS)) {
    writeStored(KEY, (checked = session))
    unsaved = undefined
  } else unsaved = session
  return { ...session, isNew: expired }
}

/** Writes the latest activity (page hide: the next page must see it), unless another tab ended, replaced or wrote later activity of the session since. */
export function saveSession(): void {
  if (newer(readStored(KEY))) writeStored(KEY, unsaved)
  unsaved = undefined
}

/** Ends the current session (reset()). */
export function clearSession(): void {
  unsaved = undefined
  removeStored(KEY)
}
