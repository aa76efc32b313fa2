import { afterEach, beforeEach, expect, test } from 'vitest'
import { page, purchase, shutdown, track } from '../../src/tracker'
import { startTracking } from '../capture/tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/?utm_medium=email&utm_source=newsletter')
})
afterEach(() => shutdown())

test('after a first purchase, every later visit is retention; buying again is conversion', async () => {
  const first = startTracking()
  page()
  purchase({ orderId: 'A-1', value: 20, currency: 'EUR' })
  expect((await first.delivered()).map((e) => e.phase)).toEqual(['awareness', 'conversion'])
  shutdown()
  history.replaceState(null, '', '/blog/mugs') // a later visit
  const later = startTracking()
  page()
  purchase({ orderId: 'A-2', value: 20, currency: 'EUR' })
  expect((await later.delivered()).map((e) => e.phase)).toEqual(['retention', 'conversion'])
})

test('rules see the first-touch channel, phases reached and purchase count of the visitor', async () => {
  const rules = {
    rules: [
      { phase: 'advocacy', when: { type: 'probe', visitor: { firstChannel: 'email', reached: 'conversion', purchases: { min: 1 } } } },
      { phase: 'conversion', when: { type: 'purchase' } },
    ],
  }
  const t = startTracking({ rules })
  track('probe')
  purchase({ orderId: 'B-1', value: 1, currency: 'EUR' })
  history.replaceState(null, '', '/')
  track('probe')
  expect((await t.delivered()).map((e) => e.phase)).toEqual(['awareness', 'conversion', 'advocacy'])
})
