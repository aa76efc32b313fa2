import type { Conditions, RulesDocument } from '../contract/rules'

/** A rule whose condition is one list, written as a space-separated string (a compact table, below). */
const when = (phase: string, key: keyof Conditions, values: string) => ({ phase, when: { [key]: values.split(' ') } })

/**
 * The rules journeytag uses when you give none (and when yours are invalid).
 * Order matters: the first matching rule wins, so the most specific intent comes first.
 * @example
 * init({ endpoint, rules: { ...defaultRules, rules: [myRule, ...defaultRules.rules] } })
 */
export const defaultRules: RulesDocument = {
  rules: [
    // reviews, referrals and shares; then advocacy pages
    when('advocacy', 'type', 'review referral share'),
    when('advocacy', 'path', '/review*/** /refer*/** /invite/** /share/**'),
    // purchases and sign-ups; then checkout and sign-up pages
    when('conversion', 'type', 'purchase signup sign_up'),
    when('conversion', 'path', '/cart/** /checkout*/** /sign-up/** /signup/** /register/** /subscribe/**'),
    // returning buyers; then support and account pages
    { phase: 'retention', when: { visitor: { purchases: { min: 1 } } } },
    when('retention', 'path', '/account*/** /support/** /help/** /login/** /orders/**'),
    // evaluation pages; then evaluation actions
    when('consideration', 'path', '/pricing/** /plans/** /product*/** /compare/** /features/** /demo/** /case-studies/**'),
    when('consideration', 'type', 'form_start form_submit form_abandon chat_open'),
    // landing from search, social and ads
    when('awareness', 'channel', 'organic_search paid_search social paid_social display affiliate'),
  ],
  fallback: 'awareness',
}
