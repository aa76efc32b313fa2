// @vitest-environment node
/**
 * The journey figures against a fixture small enough to compute by hand.
 * Times are minutes after T0. Phases: aw, co (consideration), cv (conversion), re, ad.
 *
 *   A paid_search  aw 0 · co 10 (page_view, form_start 12, form_submit 14) · cv 30 (page_view) 32 (purchase) · re 1470 · ad 1500 (referral)
 *   B organic      aw 0, 5 · co 20 (page_view), 21 (form_start), 25 (form_abandon)
 *   C organic      aw 100 · plus one event in a phase outside the list ("onboarding")
 *   D email        aw 0 · co 40 · cv 70 (page_view), 71 (form_start), 75 (form_abandon)
 *   E direct       co 0 · cv 35 (purchase)                      — never had an awareness touchpoint
 *   F social       co 10 (channel direct) · aw 30 (channel social) — did the phases out of order
 */
import { describe, expect, test } from 'vitest'
import { computeJourney, median, type JourneyEvent } from '../../examples/collector/journey.js'
import { formatDuration } from '../../examples/collector/map-page.js'
import { parseRange } from '../../examples/collector/range.js'

const T0 = Date.parse('2025-05-01T08:00:00Z')
const MIN = 60_000
let n = 0
const ev = (visitor: string, session: string, minute: number, phase: string, type = 'page_view', channel = 'direct'): JourneyEvent => ({
  id: `e${++n}`, anonymousId: visitor, sessionId: session, time: T0 + minute * MIN, phase, type, channel,
})

const FIXTURE: JourneyEvent[] = [
  ev('A', 's1', 0, 'awareness', 'page_view', 'paid_search'),
  ev('A', 's1', 10, 'consideration', 'page_view', 'paid_search'),
  ev('A', 's1', 12, 'consideration', 'form_start', 'paid_search'),
  ev('A', 's1', 14, 'consideration', 'form_submit', 'paid_search'),
  ev('A', 's1', 30, 'conversion', 'page_view', 'paid_search'),
  ev('A', 's1', 32, 'conversion', 'purchase', 'paid_search'),
  ev('A', 's2', 1470, 'retention'),
  ev('A', 's2', 1500, 'advocacy', 'referral'),
  ev('B', 's3', 5, 'awareness', 'page_view', 'organic_search'),
  ev('B', 's3', 0, 'awareness', 'page_view', 'organic_search'), // out of arrival order on purpose
  ev('B', 's3', 20, 'consideration', 'page_view', 'organic_search'),
  ev('B', 's3', 21, 'consideration', 'form_start', 'organic_search'),
  ev('B', 's3', 25, 'consideration', 'form_abandon', 'organic_search'),
  ev('C', 's4', 100, 'awareness', 'page_view', 'organic_search'),
  ev('C', 's4', 101, 'onboarding', 'tour_started', 'organic_search'),
  ev('D', 's5', 0, 'awareness', 'page_view', 'email'),
  ev('D', 's5', 40, 'consideration', 'page_view', 'email'),
  ev('D', 's5', 70, 'conversion', 'page_view', 'email'),
  ev('D', 's5', 71, 'conversion', 'form_start', 'email'),
  ev('D', 's5', 75, 'conversion', 'form_abandon', 'email'),
  ev('E', 's6', 0, 'consideration'),
  ev('E', 's6', 35, 'conversion', 'purchase'),
  ev('F', 's7', 10, 'consideration'),
  ev('F', 's8', 30, 'awareness', 'page_view', 'social'),
]

describe('journey figures from a hand-computed fixture', () => {
  const figures = computeJourney(FIXTURE)
  const phase = (name: string) => figures.phases.find((p) => p.name === name)!

  test('totals count visitors, sessions and every touchpoint', () => {
    expect(figures.totals).toEqual({ visitors: 6, sessions: 8, events: 24 })
    expect(figures.otherPhases).toEqual([{ phase: 'onboarding', events: 1 }])
  })

  test('the funnel counts visitors by the furthest phase they reached, with conversion between steps', () => {
    expect(figures.phases.map((p) => p.name)).toEqual(['awareness', 'consideration', 'conversion', 'retention', 'advocacy'])
    expect(figures.phases.map((p) => p.reached)).toEqual([6, 5, 3, 1, 1])
    expect(figures.phases.map((p) => p.stopped)).toEqual([1, 2, 2, 0, 1])
    expect(figures.phases.map((p) => p.visitors)).toEqual([5, 5, 3, 1, 1])
    expect(figures.phases.map((p) => p.events)).toEqual([6, 9, 6, 1, 1])
    expect(phase('awareness').conversion).toBeNull()
    expect(phase('consideration').conversion).toBeCloseTo(5 / 6)
    expect(phase('conversion').conversion).toBeCloseTo(3 / 5)
    expect(phase('retention').conversion).toBeCloseTo(1 / 3)
    expect(phase('advocacy').conversion).toBe(1)
  })

  test('each phase lists its touchpoints with counts and distinct visitors, most frequent first', () => {
    expect(phase('awareness').touchpoints).toEqual([{ type: 'page_view', count: 6, visitors: 5 }])
    expect(phase('consideration').touchpoints).toEqual([
      { type: 'page_view', count: 5, visitors: 5 },
      { type: 'form_start', count: 2, visitors: 2 },
      { type: 'form_abandon', count: 1, visitors: 1 },
      { type: 'form_submit', count: 1, visitors: 1 },
    ])
    expect(phase('conversion').touchpoints).toEqual([
      { type: 'page_view', count: 2, visitors: 2 },
      { type: 'purchase', count: 2, visitors: 2 },
      { type: 'form_abandon', count: 1, visitors: 1 },
      { type: 'form_start', count: 1, visitors: 1 },
    ])
    expect(phase('advocacy').touchpoints).toEqual([{ type: 'referral', count: 1, visitors: 1 }])
  })

  test('median time between phases runs from first touchpoint to first touchpoint, skipping visitors who went backwards', () => {
    // aw→co: A 10, B 20, D 40 (F did consideration first) · co→cv: A 20, D 30, E 35 · cv→re: A 1440 · re→ad: A 30
    expect(figures.phases.map((p) => p.medianToNextMs)).toEqual([20 * MIN, 30 * MIN, 1440 * MIN, 30 * MIN, null])
    expect(figures.phases.map((p) => p.toNextVisitors)).toEqual([3, 3, 1, 1, 0])
  })

  test('friction: form abandons per phase with their rate, then drop-offs by rate with the worst marked', () => {
    expect(phase('consideration')).toMatchObject({ formStarts: 2, formAbandons: 1, abandonRate: 0.5 })
    expect(phase('conversion')).toMatchObject({ formStarts: 1, formAbandons: 1, abandonRate: 1 })
    expect(phase('awareness').abandonRate).toBeNull()
    expect(figures.friction.map((f) => [f.kind, f.phase, f.visitors, f.count, f.rate === null ? null : Number(f.rate.toFixed(4)), f.worst])).toEqual([
      ['form_abandon', 'consideration', 1, 1, 0.5, false],
      ['form_abandon', 'conversion', 1, 1, 1, false],
      ['drop_off', 'conversion', 2, 2, 0.6667, true],
      ['drop_off', 'consideration', 2, 2, 0.4, false],
      ['drop_off', 'awareness', 1, 1, 0.1667, false],
    ])
  })

  test('top channels at awareness use each visitor’s first awareness touchpoint, with how many converted', () => {
    expect(figures.channels).toEqual([
      { channel: 'organic_search', visitors: 2, converted: 0 },
      { channel: 'email', visitors: 1, converted: 1 },
      { channel: 'paid_search', visitors: 1, converted: 1 },
      { channel: 'social', visitors: 1, converted: 0 },
    ])
  })

  test('custom phase lists become the columns, in the given order', () => {
    const custom = computeJourney(FIXTURE, { phases: ['awareness', 'onboarding'] })
    // E has no touchpoint in either listed phase, so is in no column.
    expect(custom.phases.map((p) => [p.name, p.reached])).toEqual([['awareness', 5], ['onboarding', 1]])
    expect(custom.channels.every((c) => c.converted === null)).toBe(true)
  })

  test('no events give an empty map, not an error', () => {
    const empty = computeJourney([])
    expect(empty.totals).toEqual({ visitors: 0, sessions: 0, events: 0 })
    expect(empty.phases.map((p) => [p.reached, p.conversion, p.medianToNextMs])).toEqual(Array(5).fill([0, null, null]))
    expect(empty.friction).toEqual([])
  })
})

test('median of an even count is the mean of the middle two', () => {
  expect(median([4, 1, 3, 2])).toBe(2.5)
  expect(median([])).toBeNull()
})

test('durations read like a person would say them', () => {
  expect([45_000, 12 * MIN, 185 * MIN, 180 * MIN, 52 * 60 * MIN].map(formatDuration)).toEqual(['45 s', '12 min', '3 h 5 min', '3 h', '2 d 4 h'])
})

test('the map range comes from a preset or from/to, and a bad date is named', () => {
  const now = T0
  expect(parseRange(new URLSearchParams('range=24h'), now)).toEqual({ from: now - 86_400_000, to: now + 1, preset: '24h' })
  expect(parseRange(new URLSearchParams(''), now)).toMatchObject({ from: now - 30 * 86_400_000, preset: '30d' })
  expect(parseRange(new URLSearchParams('from=2025-04-01T00:00:00Z&visitor=abc'), now)).toEqual({ from: Date.parse('2025-04-01T00:00:00Z'), to: now + 1, preset: 'custom', visitor: 'abc' })
  expect(parseRange(new URLSearchParams('from=soon'), now)).toEqual({ error: 'from: expected a date (ISO 8601) or epoch milliseconds, got "soon"' })
  expect(parseRange(new URLSearchParams('range=2w'), now)).toMatchObject({ error: expect.stringContaining('range: expected one of') })
})
