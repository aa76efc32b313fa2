import type { RulesDocument } from '../contract/rules'

/**
 * The rules journeytag uses when you give none (and when yours are invalid).
 * Order matters: the first matching rule wins, so the most specific intent comes first.
 * @example
 * init({ endpoint, rules: { ...defaultRules, rules: [myRule, ...defaultRules.rules] } })
 */
export const defaultRules: RulesDocument = {
  rules: [
    { name: 'reviews, referrals and shares', phase: 'advocacy', when: { type: ['review', 'referral', 'share'] } },
    { name: 'advocacy pages', phase: 'advocacy', when: { path: ['/review*/**', '/refer*/**', '/invite/**', '/share/**'] } },
    { name: 'purchases and sign-ups', phase: 'conversion', when: { type: ['purchase', 'signup', 'sign_up'] } },
    { name: 'checkout and sign-up pages', phase: 'conversion', when: { path: ['/cart/**', '/checkout*/**', '/sign-up/**', '/signup/**', '/register/**', '/subscribe/**'] } },
    { name: 'returning buyers', phase: 'retention', when: { visitor: { purchases: { min: 1 } } } },
    { name: 'support and account pages', phase: 'retention', when: { path: ['/account*/**', '/support/**', '/help/**', '/login/**', '/orders/**'] } },
    { name: 'evaluation pages', phase: 'consideration', when: { path: ['/pricing/**', '/plans/**', '/product*/**', '/compare/**', '/features/**', '/demo/**', '/case-studies/**'] } },
    { name: 'evaluation actions', phase: 'consideration', when: { type: ['form_start', 'form_submit', 'form_abandon', 'chat_open'] } },
    { name: 'landing from search, social and ads', phase: 'awareness', when: { channel: ['organic_search', 'paid_search', 'social', 'paid_social', 'display', 'affiliate'] } },
  ],
  fallback: 'awareness',
}
