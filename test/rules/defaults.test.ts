import { describe, expect, test } from 'vitest'
import { compileRules, type MatchContext } from '../../src/rules/match'
import { defaultRules } from '../../src/rules/defaults'

const phase = compileRules(defaultRules)
const firstVisit = { purchases: 0, sessions: 1, reached: [], identified: false }
const at = (overrides: Partial<MatchContext>) =>
  phase({ type: 'page_view', path: '/', query: new URLSearchParams(), channel: 'direct', referrerHost: '', properties: {}, visitor: firstVisit, ...overrides })

describe('default rules (as documented in the README)', () => {
  test('landing from search, social or ads is awareness', () => {
    for (const channel of ['organic_search', 'paid_search', 'social', 'paid_social', 'display']) expect(at({ channel })).toBe('awareness')
  })
  test('pricing, product and compare pages are consideration', () => {
    for (const path of ['/pricing', '/products/mug-1', '/product', '/compare/us-vs-them', '/features']) expect(at({ path })).toBe('consideration')
  })
  test('a purchase or sign-up, and checkout pages, are conversion', () => {
    expect(at({ type: 'purchase', path: '/thank-you' })).toBe('conversion')
    expect(at({ type: 'signup' })).toBe('conversion')
    expect(at({ path: '/checkout/payment' })).toBe('conversion')
  })
  test('any visit after a purchase, and support or account pages, are retention', () => {
    const buyer = { ...firstVisit, purchases: 1 }
    expect(at({ path: '/', visitor: buyer, channel: 'organic_search' })).toBe('retention')
    expect(at({ path: '/pricing', visitor: buyer })).toBe('retention')
    expect(at({ path: '/account/settings' })).toBe('retention')
    expect(at({ path: '/support' })).toBe('retention')
  })
  test('a returning buyer buying again is conversion, and reviewing is advocacy', () => {
    const buyer = { ...firstVisit, purchases: 3 }
    expect(at({ type: 'purchase', visitor: buyer })).toBe('conversion')
    expect(at({ type: 'review', visitor: buyer })).toBe('advocacy')
  })
  test('review, referral and share touchpoints and pages are advocacy', () => {
    expect(at({ type: 'referral' })).toBe('advocacy')
    expect(at({ type: 'share' })).toBe('advocacy')
    expect(at({ path: '/refer-a-friend' })).toBe('advocacy')
    expect(at({ path: '/reviews/new' })).toBe('advocacy')
  })
  test('a direct visit to the home page falls back to awareness', () => {
    expect(at({})).toBe('awareness')
  })
})
