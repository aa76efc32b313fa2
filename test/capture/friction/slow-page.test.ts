import { expect, test } from 'vitest'
import { slowness } from '../../../src/capture/friction/slow-page'

const entry = (fields: Record<string, unknown>) => fields as unknown as PerformanceEntry

test("a page is slow when its LCP is over 4 s or an interaction takes over 500 ms (web.dev's poor), or over the thresholds given", () => {
  expect(slowness(entry({ entryType: 'largest-contentful-paint', startTime: 4000 }), {})).toBeUndefined()
  expect(slowness(entry({ entryType: 'largest-contentful-paint', startTime: 4200.6 }), {})).toEqual({ metric: 'lcp', value: 4201 })
  expect(slowness(entry({ entryType: 'event', duration: 504, interactionId: 3 }), {})).toEqual({ metric: 'inp', value: 504 })
  expect(slowness(entry({ entryType: 'event', duration: 496, interactionId: 3 }), {})).toBeUndefined()
  expect(slowness(entry({ entryType: 'largest-contentful-paint', startTime: 2600 }), { lcp: 2500 })).toEqual({ metric: 'lcp', value: 2600 })
  expect(slowness(entry({ entryType: 'event', duration: 300, interactionId: 3 }), { inp: 200 })).toEqual({ metric: 'inp', value: 300 })
})

test('a slow event that is not an interaction of its own (a pointerdown inside a click) does not count', () => {
  expect(slowness(entry({ entryType: 'event', duration: 900, interactionId: 0 }), {})).toBeUndefined()
})

test("a prerendered page's LCP counts from when it was shown (its activationStart), not from when the browser began it", () => {
  // Painted 5 s after the prerender began, shown at 3 s: the visitor waited 2 s.
  expect(slowness(entry({ entryType: 'largest-contentful-paint', startTime: 5000 }), {}, 3000)).toBeUndefined()
  expect(slowness(entry({ entryType: 'largest-contentful-paint', startTime: 8000 }), {}, 3000)).toEqual({ metric: 'lcp', value: 5000 })
})
