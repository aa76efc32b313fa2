import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { shutdown } from '../../../src/tracker'
import { friction } from '../../../src/capture/friction'
import { burstCount } from '../../../src/capture/friction/rage-click'
import { startTracking } from '../tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/pricing')
})
afterEach(() => {
  vi.useRealTimers()
  shutdown()
  document.body.innerHTML = ''
})

/** A real mouse click (detail 1) at x, y. */
const click = (el: Element, x: number, y: number) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1, clientX: x, clientY: y }))

test('three clicks each within 1 s and 30 px of the previous one are a rage click; farther or slower ones start again', () => {
  expect(burstCount({ x: 0, y: 0, t: 0, n: 2 }, { x: 20, y: 20, t: 999 })).toBe(3)
  expect(burstCount({ x: 0, y: 0, t: 0, n: 2 }, { x: 30, y: 0, t: 100 })).toBe(1) // 30 px away
  expect(burstCount({ x: 0, y: 0, t: 0, n: 2 }, { x: 0, y: 0, t: 1000 })).toBe(1) // a second later
  expect(burstCount(undefined, { x: 0, y: 0, t: 0 })).toBe(1)
})

test('a burst on a button is one rage_click with its description and the click count, in the page phase', async () => {
  document.body.innerHTML = '<div data-journeytag="plan_card"><button id="buy" class="btn primary wide"><span>Buy</span></button></div><p id="text">x</p>'
  const t = startTracking({ plugins: [friction({ deadClick: false })] })
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  const span = document.querySelector('span')!
  for (let i = 0; i < 5; i++) {
    click(span, 100 + i * 4, 50)
    vi.advanceTimersByTime(150)
  }
  click(document.getElementById('text')!, 400, 400) // elsewhere: not part of the burst
  click(document.getElementById('text')!, 400, 400) // two clicks: not a rage click
  vi.advanceTimersByTime(1100)
  vi.useRealTimers()
  const events = await t.delivered()
  expect(events.map((e) => [e.type, e.phase, e.properties])).toEqual([
    ['rage_click', 'consideration', { element: 'button#buy.btn.primary', name: 'plan_card', clicks: 5 }],
  ])
})

test('keyboard and scripted clicks are never rage clicks', async () => {
  document.body.innerHTML = '<button id="b">Go</button>'
  const t = startTracking({ plugins: [friction({ deadClick: false })] })
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  for (let i = 0; i < 5; i++) document.getElementById('b')!.click()
  vi.advanceTimersByTime(1100)
  vi.useRealTimers()
  expect(await t.delivered()).toEqual([])
})
