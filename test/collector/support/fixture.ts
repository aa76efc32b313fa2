/**
 * The shared hand-made journey: every store must give the same figures for it, equal
 * to the reference's, and the figures test checks the reference against hand-computed
 * numbers. Times are minutes after T0; the range is [T0, T0 + 3 days).
 *
 *   A  paid_search, campaign spring: aw 0 · co 10 (form_start 12, form_submit 14) · cv 30, purchase 32 (12.50 EUR)
 *      · re 1470 · ad 1500 (referral)                                   — a customer who came back: not a leak
 *   B  organic_search: aw 0, 5 · co 20, form_start 21, form_abandon 25  — leaked in consideration
 *   C  organic_search: aw 100 · onboarding 101 (a phase outside the list)
 *   D  email, campaign may: aw 0 · co 40 · cv 70, form_start 71, form_abandon 75 — leaked in conversion
 *   E  direct: co 0 · cv purchase 35 (20 USD) · one more purchase 36 (5 EUR)
 *   F  social then direct: aw 30 (social) … first touchpoint co 10 (direct)  — phases out of order
 *   G  one person on two devices: phone g1 aw 0 (paid_social, plan=pro), laptop g2 identify 50 then
 *      signup 60 (conversion); g1 identifies as the same user later (batch 3) — one visitor, converted
 *   H  a bot (headless): aw 0, co 1 — left out unless bots are included
 *   I  aw 2 days before the range, co inside: reached consideration in the range only
 *   A duplicate of A's purchase arrives in a later batch (a retry).
 */
import type { TouchpointEvent } from '../../../src/contract/event'
import type { StoredEvent } from '../../../examples/collector/stores/store.js'

export const T0 = Date.parse('2025-05-01T08:00:00Z')
export const MIN = 60_000
export const RANGE = { from: T0, to: T0 + 3 * 1440 * MIN }
export const PHASES = ['awareness', 'consideration', 'conversion', 'retention', 'advocacy']

let counter = 0
/** A deterministic UUID v4 per event, so ties and orderings are the same on every run. */
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`

type Spec = { who: string; at: number; phase: string; type?: string; channel?: string; campaign?: string; path?: string; userId?: string; properties?: Record<string, unknown>; session?: string }

function event({ who, at, phase, type = 'page_view', channel = 'direct', campaign, path = '/', userId, properties = {}, session }: Spec): TouchpointEvent {
  return {
    id: uuid(),
    type,
    phase,
    anonymousId: who,
    ...(userId ? { userId } : {}),
    sessionId: session ?? `s-${who}`,
    timestamp: new Date(T0 + at * MIN).toISOString(),
    page: { url: `https://shop.test${path}`, path, title: path, referrer: '' },
    channel,
    ...(campaign ? { campaign: { name: campaign } } : {}),
    properties,
  }
}

const batch = (receivedMinute: number, bot: boolean, specs: Spec[]): StoredEvent[] =>
  specs.map((spec) => {
    const e = event(spec)
    return { event: e, occurredAt: Date.parse(e.timestamp), receivedAt: T0 + receivedMinute * MIN, bot }
  })

const first = batch(1, false, [
  { who: 'A', at: 0, phase: 'awareness', channel: 'paid_search', campaign: 'spring', path: '/index.html' },
  { who: 'A', at: 10, phase: 'consideration', channel: 'paid_search', campaign: 'spring', path: '/product.html' },
  { who: 'A', at: 12, phase: 'consideration', type: 'form_start', channel: 'paid_search', path: '/contact.html' },
  { who: 'A', at: 14, phase: 'consideration', type: 'form_submit', channel: 'paid_search', path: '/contact.html' },
  { who: 'A', at: 30, phase: 'conversion', channel: 'paid_search', path: '/checkout.html' },
  { who: 'A', at: 32, phase: 'conversion', type: 'purchase', channel: 'paid_search', path: '/checkout.html', properties: { value: 12.5, currency: 'EUR', orderId: 'A-1' } },
  { who: 'B', at: 0, phase: 'awareness', channel: 'organic_search', path: '/index.html' },
  { who: 'B', at: 5, phase: 'awareness', channel: 'organic_search', path: '/blog.html' },
  { who: 'B', at: 20, phase: 'consideration', channel: 'organic_search', path: '/product.html' },
  { who: 'B', at: 21, phase: 'consideration', type: 'form_start', channel: 'organic_search', path: '/contact.html' },
  { who: 'B', at: 25, phase: 'consideration', type: 'form_abandon', channel: 'organic_search', path: '/contact.html' },
  { who: 'C', at: 100, phase: 'awareness', channel: 'organic_search', path: '/index.html' },
  { who: 'C', at: 101, phase: 'onboarding', type: 'tour_started', channel: 'organic_search', path: '/tour.html' },
  { who: 'D', at: 0, phase: 'awareness', channel: 'email', campaign: 'may', path: '/index.html' },
  { who: 'D', at: 40, phase: 'consideration', channel: 'email', path: '/product.html' },
  { who: 'D', at: 70, phase: 'conversion', channel: 'email', path: '/checkout.html' },
  { who: 'D', at: 71, phase: 'conversion', type: 'form_start', channel: 'email', path: '/checkout.html' },
  { who: 'D', at: 75, phase: 'conversion', type: 'form_abandon', channel: 'email', path: '/checkout.html' },
  { who: 'E', at: 0, phase: 'consideration', path: '/product.html' },
  { who: 'E', at: 35, phase: 'conversion', type: 'purchase', path: '/checkout.html', properties: { value: 20, currency: 'USD' } },
  { who: 'E', at: 36, phase: 'conversion', type: 'purchase', path: '/checkout.html', properties: { value: 5, currency: 'EUR' } },
  { who: 'F', at: 10, phase: 'consideration', path: '/product.html' },
  { who: 'F', at: 30, phase: 'awareness', channel: 'social', path: '/index.html', session: 's-F2' },
  { who: 'g1', at: 0, phase: 'awareness', channel: 'paid_social', campaign: 'spring', path: '/index.html', properties: { plan: 'pro' } },
  { who: 'g2', at: 50, phase: 'consideration', type: 'identify', userId: 'user-g', path: '/signup.html' },
  { who: 'g2', at: 60, phase: 'conversion', type: 'signup', userId: 'user-g', path: '/signup.html' },
  { who: 'I', at: -2 * 1440, phase: 'awareness', channel: 'referral', path: '/index.html' },
  { who: 'I', at: 200, phase: 'consideration', channel: 'referral', path: '/product.html' },
])
const bots = batch(2, true, [
  { who: 'H', at: 0, phase: 'awareness', path: '/index.html' },
  { who: 'H', at: 1, phase: 'consideration', path: '/product.html' },
])
const later = batch(1600, false, [
  { who: 'A', at: 1470, phase: 'retention', channel: 'direct', path: '/account.html' },
  { who: 'A', at: 1500, phase: 'advocacy', type: 'referral', channel: 'direct', path: '/refer.html' },
  { who: 'g1', at: 1550, phase: 'consideration', type: 'identify', userId: 'user-g', channel: 'direct', path: '/login.html' },
])
/** A's purchase again, as a retry delivers it: same event, received later. */
const retry: StoredEvent[] = [{ ...(first[5] as StoredEvent), receivedAt: T0 + 1700 * MIN }]

/** The fixture's batches, in the order they are inserted. */
export const BATCHES: StoredEvent[][] = [first, bots, later, retry]
/** Every row, in insert order (what the reference reads). */
export const ROWS: StoredEvent[] = BATCHES.flat()
/** The fixture's query: the whole range, the five phases, the default goal. */
export const QUERY = { ...RANGE, phases: PHASES }
