import { expect, test } from 'vitest'
import { resolveOptions } from '../../src/options'
import { readScriptOptions } from '../../src/script-tag-options'

test('the retry policy can be tuned in part, and a bad field is reported by name', () => {
  expect(resolveOptions({ endpoint: '/e', retry: { limit: 3, delay: 200 } }).options.retry).toEqual({ limit: 3, delay: 200 })
  const bad = resolveOptions({ endpoint: '/e', retry: { limit: -1 } })
  expect(bad.error).toContain('retry.limit')
  expect(bad.options.retry).toBeUndefined()
  expect(resolveOptions({ endpoint: '/e', retry: { tries: 3 } }).error).toContain('tries')
})

test("format accepts 'segment' and rejects anything else by name", () => {
  expect(resolveOptions({ endpoint: '/e', format: 'segment' }).options.format).toBe('segment')
  expect(resolveOptions({ endpoint: '/e', format: 'amplitude' }).error).toContain('format')
})

test('data-retry on the script tag takes the policy as JSON', () => {
  const script = document.createElement('script')
  script.setAttribute('data-retry', '{"limit": 5, "backoffLimit": 30000}')
  expect(readScriptOptions(script.dataset)).toEqual({ retry: { limit: 5, backoffLimit: 30_000 } })
})
