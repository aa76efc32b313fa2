import { afterEach, beforeEach, expect, test, vi } from 'vitest'

const rules = {
  rules: [
    { phase: 'conversion', when: { type: 'purchase' } },
    { phase: 'advocacy', when: { type: 'review' } },
    { phase: 'consideration', when: { path: '/pricing/**' } },
  ],
  fallback: 'awareness',
}

// A fresh SDK per test: the phase is what this page load has seen, and each test is a new page load.
let sdk: typeof import('../src/index')
let tracking: typeof import('./capture/tracking')
beforeEach(async () => {
  localStorage.clear()
  history.replaceState(null, '', '/')
  vi.resetModules()
  sdk = await import('../src/index')
  tracking = await import('./capture/tracking')
})
afterEach(() => sdk.shutdown())

test('onPhase is called once on load with the current phase, then each time a phase is reached for the first time', async () => {
  localStorage.setItem('journeytag:visitor', JSON.stringify({ purchases: 1, sessions: 1, reached: ['awareness', 'conversion'] }))
  const calls: unknown[] = []
  sdk.onPhase((change) => calls.push(change))
  const t = tracking.startTracking({ rules })
  sdk.track('page_view')
  await t.delivered()
  expect(calls).toEqual([{ phase: 'awareness', reached: ['awareness', 'conversion'], first: false }])
  history.replaceState(null, '', '/pricing/team')
  sdk.track('page_view') // consideration: new
  sdk.track('page_view') // consideration again: no call
  history.replaceState(null, '', '/')
  sdk.track('purchase_intent') // back to awareness: reached before, no call
  await t.delivered()
  expect(calls.slice(1)).toEqual([{ phase: 'consideration', reached: ['awareness', 'conversion', 'consideration'], first: true }])
  expect(sdk.getPhase()).toEqual({ phase: 'awareness', reached: ['awareness', 'conversion', 'consideration'] })
})

test('a callback registered after the phase is known is called at once with it', async () => {
  const t = tracking.startTracking({ rules })
  expect(sdk.getPhase()).toEqual({ phase: undefined, reached: [] })
  sdk.track('review')
  await t.delivered()
  const calls: unknown[] = []
  sdk.onPhase((change) => calls.push(change.phase))
  expect(calls).toEqual(['advocacy'])
})

test.each(['reset', 'consent'] as const)('after %s() (logout, opt-out) getPhase() no longer reports the previous visitor', async (forget) => {
  const t = tracking.startTracking({ rules })
  sdk.track('purchase')
  await t.delivered()
  expect(sdk.getPhase().phase).toBe('conversion')
  if (forget == 'reset') sdk.reset()
  else sdk.consent(false)
  expect(sdk.getPhase()).toEqual({ phase: undefined, reached: [] })
})

test('a throwing callback never breaks tracking, and the others are still called', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const seen: string[] = []
  sdk.onPhase(() => {
    throw new Error('site bug')
  })
  const stop = sdk.onPhase(({ phase }) => seen.push(phase))
  const t = tracking.startTracking({ rules })
  sdk.track('review')
  sdk.purchase({ orderId: 'A-1', value: 10, currency: 'EUR' })
  const events = await t.delivered()
  expect(events.map((e) => e.phase)).toEqual(['advocacy', 'conversion'])
  expect(seen).toEqual(['advocacy', 'conversion'])
  expect(error).toHaveBeenCalledWith('[journeytag]', expect.stringContaining('onPhase callback failed: site bug'))
  stop()
  sdk.track('page_view')
  await t.delivered()
  expect(seen).toHaveLength(2)
  expect(JSON.parse(localStorage.getItem('journeytag:visitor')!)).toMatchObject({ purchases: 1, reached: ['advocacy', 'conversion', 'awareness'] })
})
