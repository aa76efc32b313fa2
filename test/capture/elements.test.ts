import { afterEach, beforeEach, expect, test } from 'vitest'
import { shutdown } from '../../src/tracker'
import { elements } from '../../src/capture/elements'
import { startTracking } from './tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
})
afterEach(() => {
  shutdown()
  document.body.innerHTML = ''
})

test('a click on a data-journeytag element records that touchpoint with its camelCased data-journeytag-* properties', async () => {
  document.body.innerHTML = '<button data-journeytag="demo_requested" data-journeytag-plan-name="team" data-journeytag-seats="5"><b id="inner">Book</b></button>'
  const t = startTracking({ plugins: [elements()] })
  document.getElementById('inner')!.click()
  const [event] = await t.delivered()
  expect(event).toMatchObject({ type: 'demo_requested', properties: { planName: 'team', seats: '5' } })
})

test('selector rules match the clicked element', async () => {
  document.body.innerHTML = '<div class="pricing"><a data-journeytag="cta_clicked" href="#">Buy</a></div><a data-journeytag="cta_clicked" id="other" href="#">Buy</a>'
  const t = startTracking({ plugins: [elements()], rules: { rules: [{ phase: 'conversion', when: { selector: '.pricing a' } }] } })
  document.querySelector<HTMLElement>('.pricing a')!.click()
  document.getElementById('other')!.click()
  expect((await t.delivered()).map((e) => e.phase)).toEqual(['conversion', 'awareness'])
})

test('clicks elsewhere, empty names and data-journeytag-ignore areas record nothing', async () => {
  document.body.innerHTML = '<button id="plain">x</button><button data-journeytag="" id="empty">y</button><div data-journeytag-ignore><button data-journeytag="x" id="ignored">z</button></div>'
  const t = startTracking({ plugins: [elements()] })
  for (const id of ['plain', 'empty', 'ignored']) document.getElementById(id)!.click()
  expect(await t.delivered()).toEqual([])
})
