// @vitest-environment node
/**
 * The figure definitions (examples/collector/analytics) against the shared fixture,
 * every number computed by hand from support/fixture.ts. The stores are then
 * checked against the same reference (store-contract.ts).
 */
import { describe, expect, test } from 'vitest'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { DEFINITIONS, nearestRank } from '../../examples/collector/analytics/definitions.js'
import { MIN, QUERY, ROWS, T0 } from './support/fixture'

const figures = referenceFigures(ROWS, QUERY)
const phase = (name: string) => figures.phases.find((p) => p.name === name)!
const column = <K extends keyof (typeof figures.phases)[number]>(key: K) => figures.phases.map((p) => p[key])

describe('journey figures of the shared fixture', () => {
  test('a visitor is a person: two devices linked by identify() are one visitor; bots, identify and events outside the range are left out', () => {
    expect(figures.totals).toEqual({ visitors: 8, sessions: 10, events: 28 })
    expect(figures.latest.find((l) => l.visitor === 'user-g')).toEqual({ visitor: 'user-g', userId: 'user-g', lastSeen: T0 + 60 * MIN, furthestPhase: 'conversion' })
    expect(figures.phases.flatMap((p) => p.touchpoints.map((t) => t.type))).not.toContain('identify')
  })

  test('the goal (purchase or signup) decides who converted, with time to convert as p25/p50/p90 and a histogram', () => {
    expect(figures.goal).toMatchObject({ types: ['purchase', 'signup'], visitors: 3, rate: 3 / 8 })
    expect(figures.goal.timeToGoal).toMatchObject({ visitors: 3, p25: 32 * MIN, p50: 35 * MIN, p90: 60 * MIN })
    expect(figures.goal.timeToGoal.histogram.map((h) => h.visitors)).toEqual([0, 0, 2, 1, 0, 0])
    expect(figures.goal.revenue).toEqual([{ currency: 'EUR', amount: 17.5, purchases: 2 }, { currency: 'USD', amount: 20, purchases: 1 }])
  })

  test('the funnel counts phases reached in the range only, as % of the previous phase', () => {
    expect(column('reached')).toEqual([8, 7, 4, 1, 1])
    expect(column('conversion')).toEqual([null, 7 / 8, 4 / 7, 1 / 4, 1])
    expect(column('visitors')).toEqual([6, 6, 4, 1, 1])
    expect(column('events')).toEqual([7, 10, 8, 1, 1])
    expect(figures.otherPhases).toEqual([{ phase: 'onboarding', events: 1 }])
  })

  test('leaks count visitors who stopped before the goal: a customer who bought and left is not one', () => {
    expect(column('stopped')).toEqual([1, 3, 3, 0, 1])
    expect(column('stoppedBeforeGoal')).toEqual([1, 3, 1, 0, 0])
    expect(column('dropOffRate')).toEqual([1 / 8, 3 / 7, 1 / 4, 0, 0])
    expect(figures.friction).toEqual([
      { kind: 'form_abandon', phase: 'consideration', visitors: 1, rate: 0.5, worst: false },
      { kind: 'form_abandon', phase: 'conversion', visitors: 1, rate: 1, worst: false },
      { kind: 'drop_off', phase: 'consideration', visitors: 3, rate: 3 / 7, worst: true },
      { kind: 'drop_off', phase: 'conversion', visitors: 1, rate: 1 / 4, worst: false },
      { kind: 'drop_off', phase: 'awareness', visitors: 1, rate: 1 / 8, worst: false },
    ])
  })

  test('retention and advocacy count what customers did after converting', () => {
    expect(column('afterGoal')).toEqual([0, 0, 1, 1, 1])
  })

  test('touchpoints per phase with counts and distinct visitors; forms abandoned per visitor', () => {
    expect(phase('consideration').touchpoints).toEqual([
      { type: 'page_view', count: 6, visitors: 6 },
      { type: 'form_start', count: 2, visitors: 2 },
      { type: 'form_abandon', count: 1, visitors: 1 },
      { type: 'form_submit', count: 1, visitors: 1 },
    ])
    expect(phase('conversion')).toMatchObject({ formStarts: 1, formAbandons: 1, abandonRate: 1 })
    expect(phase('awareness')).toMatchObject({ formStarts: 0, formAbandons: 0, abandonRate: null })
  })

  test('time to the next phase runs first touchpoint to first touchpoint, skipping visitors who went backwards', () => {
    expect(figures.phases.map((p) => p.toNext && [p.toNext.visitors, p.toNext.p25, p.toNext.p50, p.toNext.p90])).toEqual([
      [3, 10 * MIN, 20 * MIN, 40 * MIN],
      [3, 20 * MIN, 30 * MIN, 35 * MIN],
      [1, 1440 * MIN, 1440 * MIN, 1440 * MIN],
      [1, 30 * MIN, 30 * MIN, 30 * MIN],
      null,
    ])
    expect(phase('conversion').toNext?.histogram.map((h) => h.visitors)).toEqual([0, 0, 0, 0, 1, 0]) // exactly 1 d is not under 1 d
  })

  test('channels and campaigns by first touch in the range, any phase, with conversion to the goal and revenue', () => {
    expect(figures.channels.map((c) => [c.channel, c.visitors, c.converted])).toEqual([
      ['direct', 2, 1], ['organic_search', 2, 0], ['email', 1, 0], ['paid_search', 1, 1], ['paid_social', 1, 1], ['referral', 1, 0],
    ])
    expect(figures.channels[0]!.revenue).toEqual([{ currency: 'EUR', amount: 5, purchases: 1 }, { currency: 'USD', amount: 20, purchases: 1 }])
    expect(figures.campaigns).toEqual([
      { campaign: 'spring', visitors: 2, converted: 2, conversion: 1, revenue: [{ currency: 'EUR', amount: 12.5, purchases: 1 }] },
      { campaign: 'may', visitors: 1, converted: 0, conversion: 0, revenue: [] },
    ])
    expect(phase('conversion').revenue).toEqual([{ currency: 'EUR', amount: 17.5, purchases: 2 }, { currency: 'USD', amount: 20, purchases: 1 }])
  })

  test('trend: visitors first in each phase per UTC day', () => {
    expect(figures.trend).toEqual({
      unit: 'day',
      buckets: [
        { start: '2025-05-01T00:00:00.000Z', phases: [6, 6, 4, 0, 0] },
        { start: '2025-05-02T00:00:00.000Z', phases: [0, 0, 0, 1, 1] },
      ],
    })
  })

  test('drop-off paths: the last three touchpoints of visitors who stopped before the goal', () => {
    expect(figures.dropOffs).toEqual([
      { phase: 'awareness', visitors: 1, paths: [{ steps: ['page_view /index.html', 'tour_started /tour.html'], visitors: 1 }] },
      {
        phase: 'consideration',
        visitors: 3,
        paths: [
          { steps: ['page_view /product.html'], visitors: 1 },
          { steps: ['page_view /product.html', 'form_start /contact.html', 'form_abandon /contact.html'], visitors: 1 },
          { steps: ['page_view /product.html', 'page_view /index.html'], visitors: 1 },
        ],
      },
      { phase: 'conversion', visitors: 1, paths: [{ steps: ['page_view /checkout.html', 'form_start /checkout.html', 'form_abandon /checkout.html'], visitors: 1 }] },
    ])
  })

  test('latest visitors, newest first, with their furthest phase', () => {
    expect(figures.latest.map((l) => [l.visitor, l.furthestPhase])).toEqual([
      ['A', 'advocacy'], ['I', 'consideration'], ['C', 'awareness'], ['D', 'conversion'], ['user-g', 'conversion'], ['E', 'conversion'], ['F', 'consideration'], ['B', 'consideration'],
    ])
  })
})

describe('queries', () => {
  test('a shorter range counts only its own touchpoints: later phases are not reached', () => {
    const hour = referenceFigures(ROWS, { ...QUERY, to: T0 + 60 * MIN })
    expect(hour.phases.map((p) => p.reached)).toEqual([6, 5, 2, 0, 0]) // C (minute 100) and I (200) are outside; D's checkout (70) too
    expect(hour.goal.visitors).toBe(2) // user-g signed up at minute 60, outside
  })

  test('filters select visitors: channel, campaign, first channel, a property; bots on request', () => {
    const visitors = (filters: object, extra: object = {}) => referenceFigures(ROWS, { ...QUERY, filters, ...extra }).totals.visitors
    expect(visitors({ channel: 'direct' })).toBe(4) // A (later touchpoints), E, F, user-g (g1's identify is internal; g2's signup is direct)
    expect(visitors({ campaign: 'spring' })).toBe(2)
    expect(visitors({ firstChannel: 'direct' })).toBe(2)
    expect(visitors({ property: { name: 'plan', value: 'pro' } })).toBe(1)
    expect(visitors({ property: { name: 'value', value: '12.5' } })).toBe(1)
    expect(visitors({}, { includeBots: true })).toBe(9)
  })

  test('custom phases and a custom goal work everywhere, with no phase name built in', () => {
    const custom = referenceFigures(ROWS, { ...QUERY, phases: ['awareness', 'onboarding'], goal: ['tour_started'] })
    expect(custom.phases.map((p) => [p.name, p.reached, p.stoppedBeforeGoal])).toEqual([['awareness', 6, 5], ['onboarding', 1, 0]])
    expect(custom.goal).toMatchObject({ types: ['tour_started'], visitors: 1 })
    expect(custom.channels.find((c) => c.channel === 'organic_search')).toMatchObject({ visitors: 2, converted: 1 })
  })

  test('a range beyond 62 days trends by ISO week, from Monday', () => {
    const long = referenceFigures(ROWS, { ...QUERY, from: T0 - 100 * 1440 * MIN })
    expect(long.trend.unit).toBe('week')
    expect(long.trend.buckets.map((b) => b.start)).toEqual(['2025-04-28T00:00:00.000Z'])
  })

  test('no events give an empty map, not an error', () => {
    const empty = referenceFigures([], QUERY)
    expect(empty.totals).toEqual({ visitors: 0, sessions: 0, events: 0 })
    expect(empty.phases.map((p) => [p.reached, p.conversion])).toEqual([[0, null], [0, null], [0, null], [0, null], [0, null]])
    expect(empty.friction).toEqual([])
  })
})

test('quantiles by nearest rank; every figure has a definition to show', () => {
  expect([25, 50, 90].map((p) => nearestRank([1, 2, 3, 4], p))).toEqual([1, 2, 4])
  expect(nearestRank([], 50)).toBeNull()
  const keys = ['reached', 'conversion', 'stoppedBeforeGoal', 'dropOffRate', 'afterGoal', 'toNext', 'timeToGoal', 'channels', 'campaigns', 'revenue', 'trend', 'dropOffs', 'goal', 'visitor', 'bots', 'segment']
  for (const key of keys) expect(DEFINITIONS[key as keyof typeof DEFINITIONS]).toMatch(/\w{3,}/)
})
