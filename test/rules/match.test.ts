import { describe, expect, test } from 'vitest'
import { compileRules, type MatchContext } from '../../src/rules/match'
import type { RulesDocument } from '../../src/contract/rules'

function context(overrides: Partial<MatchContext> = {}): MatchContext {
  return {
    type: 'page_view',
    path: '/',
    query: new URLSearchParams(),
    channel: 'direct',
    referrerHost: '',
    properties: {},
    visitor: { purchases: 0, sessions: 1, reached: [], identified: false },
    ...overrides,
  }
}

const phaseOf = (doc: RulesDocument, overrides: Partial<MatchContext> = {}) => compileRules(doc)(context(overrides))
const one = (when: RulesDocument['rules'][number]['when']): RulesDocument => ({ rules: [{ phase: 'conversion', when }], fallback: 'awareness' })

describe('phase rules', () => {
  test('the first matching rule wins, in document order', () => {
    const doc: RulesDocument = {
      rules: [
        { phase: 'retention', when: { path: '/account/**' } },
        { phase: 'consideration', when: { path: '/**' } },
      ],
    }
    expect(phaseOf(doc, { path: '/account/orders' })).toBe('retention')
    expect(phaseOf(doc, { path: '/pricing' })).toBe('consideration')
  })

  test('without a match, the fallback applies; without a fallback, the first declared phase', () => {
    expect(phaseOf({ rules: [], fallback: 'retention' })).toBe('retention')
    expect(phaseOf({ rules: [] })).toBe('awareness')
    expect(phaseOf({ phases: ['discover', 'buy'], rules: [] })).toBe('discover')
  })

  test('all conditions of a rule must hold; a list inside a condition means any of', () => {
    const doc = one({ type: ['purchase', 'signup'], path: '/checkout/**' })
    expect(phaseOf(doc, { type: 'signup', path: '/checkout/done' })).toBe('conversion')
    expect(phaseOf(doc, { type: 'signup', path: '/pricing' })).toBe('awareness')
    expect(phaseOf(doc, { type: 'page_view', path: '/checkout' })).toBe('awareness')
  })

  test('path globs: * stays within a segment, ** crosses segments, /x/** also covers /x', () => {
    const within = one({ path: '/blog/*' })
    expect(phaseOf(within, { path: '/blog/post-1' })).toBe('conversion')
    expect(phaseOf(within, { path: '/blog/2024/post-1' })).toBe('awareness')
    const across = one({ path: '/docs/**' })
    expect(phaseOf(across, { path: '/docs' })).toBe('conversion')
    expect(phaseOf(across, { path: '/docs/a/b/c' })).toBe('conversion')
    expect(phaseOf(across, { path: '/docsy' })).toBe('awareness')
    expect(phaseOf(one({ path: '/p?ge' }), { path: '/page' })).toBe('conversion')
    expect(phaseOf(one({ path: '/a.b' }), { path: '/aXb' })).toBe('awareness') // dots are literal
  })

  test('a ** between segments also matches no segment', () => {
    const middle = one({ path: '/shop/**/cart' })
    expect(phaseOf(middle, { path: '/shop/cart' })).toBe('conversion')
    expect(phaseOf(middle, { path: '/shop/de/eu/cart' })).toBe('conversion')
    expect(phaseOf(middle, { path: '/shopcart' })).toBe('awareness')
    // Repeated `/**` is one: a long path that does not match is refused at once (each would be a group to backtrack through).
    const started = performance.now()
    expect(phaseOf(one({ path: '/**/**/**/**/**/**/x' }), { path: `/${'a/'.repeat(200)}y` })).toBe('awareness')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(phaseOf(one({ path: '/**/**/x' }), { path: '/x' })).toBe('conversion')
  })

  test('a path rule written with non-ASCII characters matches the percent-encoded path the browser reports', () => {
    const written = one({ path: '/café/**' })
    expect(phaseOf(written, { path: new URL('https://shop.example/café/menu').pathname })).toBe('conversion')
    expect(phaseOf(one({ path: '/caf%C3%A9' }), { path: '/caf%C3%A9' })).toBe('conversion') // the encoded form still works
    expect(phaseOf(one({ path: '/**' }), { path: '/%E0%A4%A' })).toBe('conversion') // a broken escape does not throw
  })

  test('query conditions match values, presence (true) and absence (false)', () => {
    const q = (s: string) => new URLSearchParams(s)
    expect(phaseOf(one({ query: { utm_medium: ['cpc', 'ppc'] } }), { query: q('utm_medium=ppc') })).toBe('conversion')
    expect(phaseOf(one({ query: { utm_medium: 'cpc' } }), { query: q('utm_medium=email') })).toBe('awareness')
    expect(phaseOf(one({ query: { gclid: true } }), { query: q('gclid=abc') })).toBe('conversion')
    expect(phaseOf(one({ query: { gclid: false } }), { query: q('gclid=abc') })).toBe('awareness')
    expect(phaseOf(one({ query: { ref: '' } }), { query: q('') })).toBe('awareness') // absent is not ""
  })

  test('channel and referrer host conditions', () => {
    expect(phaseOf(one({ channel: ['social', 'paid_social'] }), { channel: 'paid_social' })).toBe('conversion')
    expect(phaseOf(one({ channel: 'social' }), { channel: 'direct' })).toBe('awareness')
    expect(phaseOf(one({ referrer: '*.google.*' }), { referrerHost: 'www.google.de' })).toBe('conversion')
    expect(phaseOf(one({ referrer: 'news.ycombinator.com' }), { referrerHost: 'News.YCombinator.com' })).toBe('conversion')
    expect(phaseOf(one({ referrer: '**' }), { referrerHost: '' })).toBe('awareness') // no referrer never matches
  })

  test('a selector matches the touchpoint element or any ancestor, and never a touchpoint without one', () => {
    document.body.innerHTML = '<div class="pricing-table"><button id="buy"><span id="label">Buy</span></button></div>'
    const doc = one({ selector: '.pricing-table button' })
    expect(phaseOf(doc, { element: document.getElementById('label')! })).toBe('conversion')
    expect(phaseOf(doc, { element: document.body })).toBe('awareness')
    expect(phaseOf(doc)).toBe('awareness')
    expect(phaseOf(one({ selector: '[[invalid' }), { element: document.body })).toBe('awareness')
  })

  test('property conditions compare by equality, with lists as any of', () => {
    const doc = one({ properties: { plan: ['team', 'enterprise'], trial: false } })
    expect(phaseOf(doc, { properties: { plan: 'team', trial: false } })).toBe('conversion')
    expect(phaseOf(doc, { properties: { plan: 'team', trial: true } })).toBe('awareness')
    expect(phaseOf(doc, { properties: { plan: 'free', trial: false } })).toBe('awareness')
    expect(phaseOf(one({ properties: { seats: 5 } }), { properties: { seats: 5 } })).toBe('conversion')
    expect(phaseOf(one({ properties: { seats: 5 } }), { properties: { seats: '5' } })).toBe('awareness')
  })

  test('visitor conditions: a returning buyer, sessions, phases reached, first channel, identified', () => {
    const visitor = { purchases: 2, sessions: 3, reached: ['awareness', 'conversion'], firstChannel: 'email', identified: true }
    expect(phaseOf(one({ visitor: { purchases: { min: 1 } } }), { visitor })).toBe('conversion')
    expect(phaseOf(one({ visitor: { purchases: { min: 1 } } }))).toBe('awareness')
    expect(phaseOf(one({ visitor: { purchases: 2 } }), { visitor })).toBe('conversion')
    expect(phaseOf(one({ visitor: { sessions: { max: 1 } } }), { visitor })).toBe('awareness')
    expect(phaseOf(one({ visitor: { reached: 'conversion' } }), { visitor })).toBe('conversion')
    expect(phaseOf(one({ visitor: { reached: ['advocacy'] } }), { visitor })).toBe('awareness')
    expect(phaseOf(one({ visitor: { firstChannel: ['email', 'social'] } }), { visitor })).toBe('conversion')
    expect(phaseOf(one({ visitor: { identified: false } }), { visitor })).toBe('awareness')
  })

  test('custom phases declared in the document can be assigned', () => {
    const doc: RulesDocument = { phases: ['explore', 'onboarding'], rules: [{ phase: 'onboarding', when: { path: '/welcome/**' } }] }
    expect(phaseOf(doc, { path: '/welcome/step-2' })).toBe('onboarding')
    expect(phaseOf(doc, { path: '/' })).toBe('explore')
  })
})
