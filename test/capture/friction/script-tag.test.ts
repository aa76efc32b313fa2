import { expect, test } from 'vitest'
import { readScriptOptions, readScriptPlugins } from '../../../src/script-tag-options'

test('the script tag turns friction and engagement on; data-friction="false" and data-engagement="false" turn them off', () => {
  expect(readScriptPlugins({})).toHaveLength(6)
  expect(readScriptPlugins({ friction: 'false' })).toHaveLength(5)
  expect(readScriptPlugins({ friction: 'false', engagement: 'false' })).toHaveLength(4)
})

test('the friction and engagement attributes are known, and a misspelt one is named with its correction', () => {
  const problems: string[] = []
  readScriptOptions({ frictionRageClick: 'false', frictionJsError: 'false', frictionErrorTitle: 'not found', scrollDepth: '', engagedTime: 'true', outboundLinks: 'false' }, problems)
  expect(problems).toEqual([])
  readScriptOptions({ frictionRageClik: 'false' }, problems)
  expect(problems).toEqual(['data-friction-rage-clik: unknown attribute (did you mean data-friction-rage-click?)'])
})
