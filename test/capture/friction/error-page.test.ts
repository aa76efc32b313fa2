import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { shutdown } from '../../../src/tracker'
import { friction } from '../../../src/capture/friction'
import { errorStatus } from '../../../src/capture/friction/error-page'
import { startTracking, tick } from '../tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/products/missing')
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  document.title = 'Shop'
})
afterEach(() => shutdown())

test('an error page is what the site marks: the journeytag:status meta, a data-journeytag-status attribute, an HTTP error status, or a title or selector it names', () => {
  expect(errorStatus(document, 200, {})).toBeUndefined()
  document.body.innerHTML = '<main data-journeytag-status="500"></main>'
  expect(errorStatus(document, 200, {})).toBe(500)
  document.head.innerHTML = '<meta name="journeytag:status" content="404">'
  expect(errorStatus(document, 200, {})).toBe(404)
  document.head.innerHTML = document.body.innerHTML = ''
  expect(errorStatus(document, 410, {})).toBe(410)
  document.title = 'Page not found — Shop'
  expect(errorStatus(document, 200, { title: 'not found' })).toBe('error')
  expect(errorStatus(document, 200, { title: /^oops/i })).toBeUndefined()
  document.body.innerHTML = '<div class="error-404"></div>'
  expect(errorStatus(document, 200, { selector: '.error-404' })).toBe('error')
})

test('a marked page gives one error_page with its status, in the phase of its path', async () => {
  document.head.innerHTML = '<meta name="journeytag:status" content="404">'
  const t = startTracking({ plugins: [friction()] })
  const events = await t.delivered()
  expect(events.map((e) => [e.type, e.phase, e.properties])).toEqual([['error_page', 'consideration', { status: 404 }]])
})

test('an SPA error route is found a second after the navigation, once', async () => {
  const t = startTracking({ plugins: [friction()] })
  history.pushState(null, '', '/pricing/gone')
  document.body.innerHTML = '<main data-journeytag-status="404"></main>'
  history.replaceState(null, '', '/pricing/gone?tab=1')
  await tick(1100)
  expect((await t.delivered()).map((e) => [e.type, e.page.path, e.properties])).toEqual([['error_page', '/pricing/gone', { status: 404 }]])
})

test.each([
  ['title', { title: '(' }],
  ['selector', { selector: '[[bad' }],
])('an errorPage %s that does not compile is one console error naming it; the site’s own status marks are still found', async (_, errorPage) => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const t = startTracking({ plugins: [friction({ errorPage })] })
  history.pushState(null, '', '/pricing/gone')
  document.body.innerHTML = '<main data-journeytag-status="404"></main>'
  await tick(1100)
  expect((await t.delivered()).map((e) => [e.type, e.page.path, e.properties])).toEqual([['error_page', '/pricing/gone', { status: 404 }]])
  expect(errors.mock.calls.map((call) => call.join(' '))).toEqual([expect.stringContaining(`errorPage.${_}`)])
})
