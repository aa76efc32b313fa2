import { describe, expect, test } from 'vitest'
import { parseRules } from '../../src/rules/parse'
import { defaultRules } from '../../src/rules/defaults'

function errorOf(input: unknown): string {
  const result = parseRules(input)
  if (result.ok) throw new Error('expected the rules to be rejected')
  return result.error
}

describe('rules validation', () => {
  test('accepts the default rules and a JSON round trip of them', () => {
    expect(parseRules(defaultRules).ok).toBe(true)
    expect(parseRules(JSON.parse(JSON.stringify(defaultRules))).ok).toBe(true)
  })

  test('names the rule index and field of a wrong type', () => {
    expect(errorOf({ rules: [{ phase: 'awareness', when: {} }, { phase: 'conversion', when: { path: 42 } }] })).toContain('rules[1].when.path')
  })

  test('names an unknown matcher, so a typo is not silently ignored', () => {
    expect(errorOf({ rules: [{ phase: 'awareness', when: { paths: '/x' } }] })).toBe('rules[0].when.paths: unknown key')
  })

  test('names a missing phase', () => {
    expect(errorOf({ rules: [{ when: { type: 'purchase' } }] })).toContain('rules[0].phase: expected string')
  })

  test('rejects a phase that is not declared, naming it and the declared ones', () => {
    const error = errorOf({ rules: [{ phase: 'conversoin', when: { type: 'purchase' } }] })
    expect(error).toContain('rules[0].phase: "conversoin" is not a declared phase')
    expect(error).toContain('awareness, consideration, conversion, retention, advocacy')
  })

  test('allows custom phases once declared, and checks the fallback against them', () => {
    expect(parseRules({ phases: ['explore', 'buy'], rules: [{ phase: 'buy', when: { type: 'purchase' } }], fallback: 'explore' }).ok).toBe(true)
    expect(errorOf({ phases: ['explore'], rules: [], fallback: 'awareness' })).toContain('fallback: "awareness" is not a declared phase')
  })

  test('rejects a document that is not an object, or has no rules list', () => {
    expect(errorOf('rules')).toContain('(root): expected object')
    expect(errorOf({})).toContain('rules: expected array')
  })

  test('reports every problem at once', () => {
    const error = errorOf({ rules: [{ phase: 1, when: {} }, { phase: 'awareness', when: { visitor: { purchases: 'many' } } }] })
    expect(error).toContain('rules[0].phase')
    expect(error).toContain('rules[1].when.visitor.purchases')
  })

  test('a declared phase longer than an event may carry is an error, not events the collector refuses', () => {
    const long = 'p'.repeat(101)
    expect(errorOf({ phases: [long], rules: [{ phase: long, when: {} }] })).toContain('is longer than 100 characters')
  })
})
