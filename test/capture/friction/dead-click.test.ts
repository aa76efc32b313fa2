import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { shutdown } from '../../../src/tracker'
import { friction } from '../../../src/capture/friction'
import { clickedControl } from '../../../src/capture/friction/dead-click'
import { startTracking } from '../tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
  document.body.innerHTML = `
    <button id="dead" class="cta">Nothing</button>
    <button id="alive">Opens</button><div id="panel"></div>
    <a id="stuck" href="/elsewhere">Stuck</a>
    <span id="fake" style="cursor: pointer">Looks clickable</span>
    <p id="text">Plain text</p>
    <label id="label" style="cursor: pointer">Label <input id="field"></label>`
  document.getElementById('alive')!.addEventListener('click', () => (document.getElementById('panel')!.textContent = 'opened'))
  document.getElementById('stuck')!.addEventListener('click', (e) => e.preventDefault()) // a link the page took over, and then did nothing
})
afterEach(() => {
  vi.useRealTimers()
  shutdown()
  document.body.innerHTML = ''
})

const $ = (id: string) => document.getElementById(id)!

test('links, buttons and cursor: pointer elements look interactive; plain text and form fields do not', () => {
  expect(clickedControl($('dead'))).toBe($('dead'))
  expect(clickedControl($('fake'))).toBe($('fake'))
  expect(clickedControl($('text'))).toBeFalsy()
  expect(clickedControl($('label'))).toBeFalsy() // a label moves focus to its field, without a DOM change
})

/** Clicks each element in turn, waiting out the 1 s window after each. */
async function clickEach(ids: string[], pluginOptions = {}) {
  const t = startTracking({ plugins: [friction({ rageClick: false, ...pluginOptions })] })
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  for (const id of ids) {
    $(id).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 }))
    await vi.advanceTimersByTimeAsync(1001)
  }
  vi.useRealTimers()
  return (await t.delivered()).filter((e) => e.type == 'dead_click').map((e) => e.properties)
}

test('a click after which nothing changes for 1 s is a dead_click; a click that changes the page is not', async () => {
  expect(await clickEach(['dead', 'alive', 'fake', 'text', 'stuck'])).toEqual([
    { element: 'button#dead.cta' },
    { element: 'span#fake' },
    { element: 'a#stuck' },
  ])
})

test('no dead clicks with deadClick: false', async () => {
  expect(await clickEach(['dead'], { deadClick: false })).toEqual([])
})

test('a browser without PerformanceObserver (Pale Moon, Firefox with dom.enable_performance_observer off) still gets dead clicks: no console error, no MutationObserver left running', async () => {
  const error = vi.spyOn(console, 'error')
  let observing = 0
  const Native = MutationObserver
  vi.stubGlobal('PerformanceObserver', undefined)
  vi.stubGlobal(
    'MutationObserver',
    class extends Native {
      override observe(...args: Parameters<MutationObserver['observe']>) {
        observing++
        super.observe(...args)
      }
      override disconnect() {
        observing--
        super.disconnect()
      }
    },
  )
  try {
    expect(await clickEach(['dead', 'dead'], { formError: false })).toEqual([{ element: 'button#dead.cta' }, { element: 'button#dead.cta' }])
    expect(observing).toBe(0)
    expect(error).not.toHaveBeenCalled()
  } finally {
    vi.unstubAllGlobals()
    error.mockRestore()
  }
})
