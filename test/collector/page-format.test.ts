// @vitest-environment node
/** How the map page writes durations, money and a touchpoint's key properties. */
import { expect, test } from 'vitest'
import { esc, formatDuration, money } from '../../examples/collector/page/format.js'
import { furthestPhase, keyProperties } from '../../examples/collector/page/visitor.js'

const MIN = 60_000

test('durations read like a person would say them', () => {
  expect([45_000, 12 * MIN, 185 * MIN, 180 * MIN, 52 * 60 * MIN].map(formatDuration)).toEqual(['45 s', '12 min', '3 h 5 min', '3 h', '2 d 4 h'])
})

test('revenue is shown per currency, never added across currencies', () => {
  expect(money([{ currency: 'EUR', amount: 1234.5 }, { currency: 'USD', amount: 80 }])).toBe('€1,234.50 · $80')
  expect(money([{ currency: 'POINTS', amount: 12 }])).toBe('12 POINTS')
  expect(money([])).toBe('–')
})

test('a touchpoint shows its order value and product first', () => {
  expect(keyProperties({ orderId: 'A-1', value: 24, currency: 'EUR', coupon: 'SPRING' })).toBe('order value €24 · orderId A-1 · coupon SPRING')
  expect(keyProperties({ misc: 1, sku: 'morning' })).toBe('sku morning · misc 1')
  expect(keyProperties({})).toBe('')
})

test("a visitor's latest phase is the furthest reached in journey order, not the last seen", () => {
  const phases = ['awareness', 'consideration', 'conversion', 'retention']
  expect(furthestPhase([{ phase: 'awareness' }, { phase: 'conversion' }, { phase: 'consideration' }, { phase: 'onboarding' }], phases)).toBe('conversion')
  expect(furthestPhase([{ phase: 'onboarding' }], phases)).toBeUndefined()
})

test('text from browsers is escaped before it reaches the page', () => {
  expect(esc(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;')
})
