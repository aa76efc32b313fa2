import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { shutdown } from '../../src/tracker'
import { depthsReached, engagement, linkTouchpoint } from '../../src/capture/engagement'
import { startTracking } from './tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
  document.body.innerHTML = `
    <a id="out" href="https://partner.example/deal?ref=s3cret#top">Partner</a>
    <a id="pdf" href="/files/Guide.PDF?sig=abc">Guide</a>
    <a id="export" href="/export" download>Export</a>
    <a id="inside" href="/pricing">Pricing</a>`
  // happy-dom would navigate: the page under test stays put.
  document.addEventListener('click', (e) => e.preventDefault())
})
afterEach(() => {
  shutdown()
  document.body.innerHTML = ''
})

const setHidden = (hidden: boolean) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') })
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}

test('a link to another host is an outbound click, a link to a file (or with download) a download; URLs lose query and fragment', () => {
  const host = 'shop.example'
  expect(linkTouchpoint('https://partner.example/deal?ref=x#top', host, null)).toEqual(['outbound_click', { url: 'https://partner.example/deal' }])
  expect(linkTouchpoint('https://shop.example/a/b.ZIP?sig=1', host, null)).toEqual(['file_download', { url: 'https://shop.example/a/b.ZIP', extension: 'zip' }])
  expect(linkTouchpoint('https://shop.example/export', host, '')).toEqual(['file_download', { url: 'https://shop.example/export', extension: '' }])
  expect(linkTouchpoint('https://shop.example/pricing', host, null)).toBeUndefined()
  expect(linkTouchpoint('mailto:hi@shop.example', host, null)).toBeUndefined()
  // An app's own export: a blob: or data: URL with a download name. The name gives the extension; neither it nor the URL is kept.
  expect(linkTouchpoint('blob:https://shop.example/6f1c2e0a-1b2c', host, 'report-jane.csv')).toEqual(['file_download', { url: 'blob:', extension: 'csv' }])
  expect(linkTouchpoint('data:text/csv,a%2Cb', host, '')).toEqual(['file_download', { url: 'data:', extension: '' }])
  expect(linkTouchpoint('blob:https://shop.example/6f1c2e0a-1b2c', host, null)).toBeUndefined() // a blob link that is not a download
  expect(linkTouchpoint('https://shop.example/export?id=7', host, 'orders.XLSX')).toEqual(['file_download', { url: 'https://shop.example/export', extension: 'xlsx' }])
})

test("a click on a link whose href is not a URL (a template's 'http://[host]') records nothing and prints no error: the browser goes nowhere", async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  document.body.insertAdjacentHTML('beforeend', '<a id="broken" href="http://[host]/deal">Partner</a><a id="empty-host" href="https://">x</a>')
  const t = startTracking({ plugins: [engagement()] })
  document.getElementById('broken')!.click()
  document.getElementById('empty-host')!.click()
  document.getElementById('out')!.click()
  expect((await t.delivered()).map((e) => e.type)).toEqual(['outbound_click'])
  expect(error).not.toHaveBeenCalled()
})

test('scroll depth thresholds are the 25/50/75/100 % marks newly passed', () => {
  expect(depthsReached(0, 60)).toEqual([25, 50])
  expect(depthsReached(60, 74)).toEqual([])
  expect(depthsReached(74, 100)).toEqual([75, 100])
})

test('a link drawn in SVG (its href an SVGAnimatedString in browsers) is an outbound click too', async () => {
  document.body.insertAdjacentHTML('beforeend', '<svg><a id="svg-out" href="https://partner.example/map?ref=x"><text>map</text></a></svg>')
  const t = startTracking({ plugins: [engagement()] })
  document.querySelector('#svg-out text')!.dispatchEvent(new MouseEvent('click', { bubbles: true }))
  expect((await t.delivered()).map((e) => [e.type, e.properties])).toEqual([['outbound_click', { url: 'https://partner.example/map' }]])
  document.querySelector('svg')!.remove()
})

test('clicks on outbound and download links are recorded (by default), in-site links are not', async () => {
  const t = startTracking({ plugins: [engagement()] })
  for (const id of ['out', 'pdf', 'export', 'inside']) document.getElementById(id)!.click()
  expect((await t.delivered()).map((e) => [e.type, e.properties])).toEqual([
    ['outbound_click', { url: 'https://partner.example/deal' }],
    ['file_download', { url: 'http://localhost:3000/files/Guide.PDF', extension: 'pdf' }],
    ['file_download', { url: 'http://localhost:3000/export', extension: '' }],
  ])
  expect(t.bodies.join()).not.toContain('s3cret')
})

test("a click on an app's own export (download name, blob: URL) is a file_download", async () => {
  const t = startTracking({ plugins: [engagement()] })
  const a = Object.assign(document.createElement('a'), { download: 'report-jane.csv', href: `blob:${location.origin}/6f1c2e0a-1b2c`, textContent: 'Export CSV' })
  document.body.append(a)
  a.click()
  expect((await t.delivered()).map((e) => [e.type, e.properties])).toEqual([['file_download', { url: 'blob:', extension: 'csv' }]])
  expect(t.bodies.join()).not.toContain('jane')
})

test('scroll depth and engaged time are opt-in; with them, each mark is sent once per page view and visible time on hide', async () => {
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => 4 * innerHeight })
  let t = startTracking({ plugins: [engagement()] })
  scrollTo(0, 3 * innerHeight)
  document.dispatchEvent(new Event('scroll'))
  setHidden(true)
  setHidden(false)
  expect(await t.delivered()).toEqual([])
  shutdown()

  t = startTracking({ plugins: [engagement({ scrollDepth: true, engagedTime: true })] })
  Object.defineProperty(window, 'scrollY', { configurable: true, value: 1.2 * innerHeight }) // 55 % seen
  document.dispatchEvent(new Event('scroll'))
  document.dispatchEvent(new Event('scroll'))
  await new Promise((r) => setTimeout(r, 30))
  setHidden(true)
  const events = await t.delivered()
  expect(events.filter((e) => e.type == 'scroll_depth').map((e) => e.properties.depth)).toEqual([25, 50])
  const [engaged] = events.filter((e) => e.type == 'engaged_time')
  expect(engaged!.properties.engagedMs).toBeGreaterThanOrEqual(25)
  setHidden(false)
})

test('leaving the page sends its engaged time once: the visibilitychange that follows pagehide adds no second, near-empty engaged_time', async () => {
  const t = startTracking({ plugins: [engagement({ engagedTime: true })] })
  await new Promise((r) => setTimeout(r, 30))
  // Chromium's order on leaving: pagehide while the page still counts as visible, then visibilitychange to hidden.
  window.dispatchEvent(new Event('pagehide'))
  await new Promise((r) => setTimeout(r, 5))
  setHidden(true)
  const engaged = (await t.delivered()).filter((e) => e.type == 'engaged_time').map((e) => e.properties.engagedMs as number)
  expect(engaged).toHaveLength(1)
  expect(engaged[0]).toBeGreaterThanOrEqual(25)
  setHidden(false)
})

test('a page restored from the back/forward cache is a new page view: its scroll depths are sent again', async () => {
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => 4 * innerHeight })
  Object.defineProperty(window, 'scrollY', { configurable: true, value: 1.2 * innerHeight }) // 55 % seen
  const t = startTracking({ plugins: [engagement({ scrollDepth: true })] })
  document.dispatchEvent(new Event('scroll'))
  window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }))
  document.dispatchEvent(new Event('scroll'))
  const depths = (await t.delivered()).filter((e) => e.type == 'scroll_depth').map((e) => e.properties.depth)
  expect(depths).toEqual([25, 50, 25, 50])
})

test("scrolling an inner element (a carousel, an app shell's <main>) is not the page's scroll depth", async () => {
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => innerHeight }) // the window never scrolls
  Object.defineProperty(window, 'scrollY', { configurable: true, value: 0 })
  document.body.innerHTML = '<main style="overflow:auto;height:100vh"><div style="height:20000px"></div></main>'
  const t = startTracking({ plugins: [engagement({ scrollDepth: true })] })
  const main = document.querySelector('main')!
  main.scrollTop = 10
  main.dispatchEvent(new Event('scroll')) // does not bubble
  expect((await t.delivered()).filter((e) => e.type == 'scroll_depth')).toEqual([])
  document.body.innerHTML = ''
})
