/**
 * The Segment format is a module of its own for npm users (`format: segment`), so an
 * app that sends native batches does not ship it; the script tag's `format: 'segment'` still works.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { init as npmInit, segment } from '../../src/index'
import { flush, init, shutdown, track } from '../../src/tracker'
import type { TransportRequest } from '../../src/delivery/transport'
import { freshStorage } from './support'

const bodies: string[] = []
const transport = async ({ body }: TransportRequest) => (bodies.push(body), { status: 200 })

beforeEach(() => {
  freshStorage()
  bodies.length = 0
})
afterEach(() => shutdown())

test('npm: format: segment sends Segment batches', async () => {
  npmInit({ transport, autoPageviews: false, format: segment })
  track('signup')
  await flush()
  expect(JSON.parse(bodies[0]!).batch).toMatchObject([{ type: 'track', event: 'signup' }])
})

test("npm: the string 'segment' without the module is a console error naming format; nothing is sent, the events stay queued for a page with the module", async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  npmInit({ transport, autoPageviews: false, format: 'segment' })
  track('signup')
  await flush()
  expect(error.mock.calls.map((c) => c.join(' '))).toEqual([expect.stringContaining("format: 'segment' needs import { segment }")])
  expect(bodies).toEqual([]) // native batches at a Segment endpoint would be refused and dropped
  shutdown()
  npmInit({ transport, autoPageviews: false, format: segment }) // the next deploy, fixed
  await flush()
  expect(JSON.parse(bodies[0]!).batch).toMatchObject([{ type: 'track', event: 'signup' }])
})

test("the script tag's init() takes format: 'segment' as a string", async () => {
  init({ transport, autoPageviews: false, format: 'segment' })
  track('signup')
  await flush()
  expect(JSON.parse(bodies[0]!).batch).toMatchObject([{ type: 'track', event: 'signup' }])
})
