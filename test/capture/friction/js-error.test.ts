import { afterEach, beforeEach, expect, test } from 'vitest'
import { shutdown } from '../../../src/tracker'
import { friction } from '../../../src/capture/friction'
import { ERRORS_MAX, errorProperties } from '../../../src/capture/friction/js-error'
import { startTracking } from '../tracking'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/')
})
afterEach(() => shutdown())

test('an error is sent with its message (no query strings, at most 200 characters), source path and line', () => {
  expect(errorProperties({ type: 'error', message: 'fetch https://api.example/u?token=s3cret#x failed', filename: 'https://shop.example/app.js?v=3', lineno: 12 })).toEqual({
    kind: 'error',
    message: 'fetch https://api.example/u failed',
    source: 'https://shop.example/app.js',
    line: 12,
  })
  expect((errorProperties({ type: 'error', message: 'x'.repeat(500) })!.message as string).length).toBe(200)
  expect(errorProperties({ type: 'unhandledrejection', reason: new TypeError('boom') })).toMatchObject({ kind: 'unhandledrejection', message: 'boom' })
  expect(errorProperties({ type: 'unhandledrejection', reason: 'plain' })).toMatchObject({ message: 'plain' })
})

test("journeytag's own errors are never reported", () => {
  expect(errorProperties({ type: 'error', message: 'x', filename: 'https://cdn.example/journeytag.global.js', lineno: 1 })).toBeUndefined()
  const ours = Object.assign(new Error('x'), { stack: 'Error: x\n    at build (https://shop.example/node_modules/journeytag/dist/index.js:10:3)' })
  expect(errorProperties({ type: 'unhandledrejection', reason: ours })).toBeUndefined()
})

test("the browser's benign ResizeObserver loop errors are not reported (Sentry and other SDKs filter them too)", () => {
  for (const message of ['ResizeObserver loop completed with undelivered notifications.', 'ResizeObserver loop limit exceeded'])
    expect(errorProperties({ type: 'error', message, filename: '', lineno: 0 })).toBeUndefined()
  expect(errorProperties({ type: 'error', message: 'ResizeObserver is not defined', filename: 'https://shop.example/app.js', lineno: 3 })).toMatchObject({ message: 'ResizeObserver is not defined' })
})

test('uncaught errors and unhandled rejections of the page are js_error touchpoints, at most 5 per page view', async () => {
  const t = startTracking({ plugins: [friction()] })
  for (let i = 0; i < 7; i++) dispatchEvent(new ErrorEvent('error', { message: `e${i}`, filename: 'https://shop.example/app.js', lineno: i + 1 }))
  history.pushState(null, '', '/next') // a new page view: a new allowance
  dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: new Error('late') }))
  const events = (await t.delivered()).filter((e) => e.type == 'js_error')
  expect(events.map((e) => e.properties.message)).toEqual([...Array(ERRORS_MAX).keys()].map((i) => `e${i}`).concat('late'))
  expect(events[0]!.properties).toEqual({ kind: 'error', message: 'e0', source: 'https://shop.example/app.js', line: 1 })
})

test('a page restored from the back/forward cache is a new page view: a new allowance of js_errors', async () => {
  const t = startTracking({ plugins: [friction()] })
  for (let i = 0; i < ERRORS_MAX; i++) dispatchEvent(new ErrorEvent('error', { message: `e${i}` }))
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false })) // a first show is no restore
  dispatchEvent(new ErrorEvent('error', { message: 'over' }))
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }))
  dispatchEvent(new ErrorEvent('error', { message: 'restored' }))
  const events = (await t.delivered()).filter((e) => e.type == 'js_error')
  expect(events.map((e) => e.properties.message)).toEqual([...Array(ERRORS_MAX).keys()].map((i) => `e${i}`).concat('restored'))
})
