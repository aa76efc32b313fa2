import { afterEach, describe, expect, test, vi } from 'vitest'
import { listen } from '../../src/capture/listen'

afterEach(() => vi.restoreAllMocks())

describe('capture listeners', () => {
  test('a failing capture listener never throws into the page; it logs one error naming the event', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const stop = listen(document, 'focusin', () => {
      throw new Error('boom')
    })
    expect(() => document.body.dispatchEvent(new Event('focusin', { bubbles: true }))).not.toThrow()
    expect(error).toHaveBeenCalledTimes(1)
    expect(error.mock.calls[0]!.join(' ')).toMatch(/focusin.*boom/)
    stop()
  })

  test('the returned function removes the listener', () => {
    const handler = vi.fn()
    const stop = listen(window, 'ping', handler)
    dispatchEvent(new Event('ping'))
    stop()
    dispatchEvent(new Event('ping'))
    expect(handler).toHaveBeenCalledTimes(1)
  })
})
