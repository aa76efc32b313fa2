/**
 * Another script (or an old version) can leave anything under journeytag's keys.
 * Each value read back is checked and repaired on its own; none of them may make
 * later events invalid, or lose them.
 */
import { afterEach, beforeEach, expect, test } from 'vitest'
import { shutdown, track } from '../../src/tracker'
import { eventSchema } from '../../src/contract/event'
import { startTracking } from '../capture/tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
})
afterEach(() => shutdown())

/** Tracks two events and checks they arrive, both valid for the collector. */
async function trackTwoValid() {
  const t = startTracking()
  track('first')
  track('second')
  const events = await t.delivered()
  expect(events.map((e) => e.type)).toEqual(['first', 'second'])
  for (const event of events) expect(eventSchema.safeParse(event).error).toBeUndefined()
  return events
}

test('a stored anonymous id that is a JSON number is replaced, and the events still arrive', async () => {
  localStorage.setItem('journeytag:anonymousId', '42')
  const events = await trackTwoValid()
  expect(events[1]!.anonymousId).toBe(events[0]!.anonymousId)
  expect(JSON.parse(localStorage.getItem('journeytag:anonymousId')!)).toBe(events[0]!.anonymousId) // repaired for the next visit
})

test('a stored visitor of {"reached":5} is repaired, and the events still arrive', async () => {
  localStorage.setItem('journeytag:visitor', '{"reached":5}')
  const events = await trackTwoValid()
  const visitor = JSON.parse(localStorage.getItem('journeytag:visitor')!)
  expect(visitor.reached).toEqual([events[0]!.phase])
  expect(visitor.sessions).toBe(1)
})

test.each(['{}', '5', 'null'])('a remembered GET-form field list of %s in sessionStorage is replaced: init() still starts, and the events arrive', async (damaged) => {
  sessionStorage.setItem('journeytag:strip', damaged)
  const t = startTracking()
  track('first')
  const events = await t.delivered()
  expect(events.map((e) => e.type)).toEqual(['first'])
  sessionStorage.removeItem('journeytag:strip')
})

test.each(['{}', '5', 'null'])('a GET-form field list of %s left in localStorage is removed: init() still starts, and the events arrive', async (damaged) => {
  localStorage.setItem('journeytag:strip', damaged)
  const t = startTracking()
  track('first')
  const events = await t.delivered()
  expect(events.map((e) => e.type)).toEqual(['first'])
  expect(localStorage.getItem('journeytag:strip')).toBeNull()
})

test.each([
  ['an id longer than the schema allows', { id: 'x'.repeat(200), channel: 'direct' }],
  ['a channel that is not a string', { id: 'old-session', channel: 5 }],
  ['a campaign that is not an object', { id: 'old-session', channel: 'email', campaign: 'spring' }],
])('a stored running session with %s is replaced: the events are valid, and still arrive', async (_, damaged) => {
  localStorage.setItem('journeytag:session', JSON.stringify({ ...damaged, lastActivityAt: Date.now() }))
  const events = await trackTwoValid()
  expect(events[1]!.sessionId).toBe(events[0]!.sessionId)
})
