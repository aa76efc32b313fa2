#!/usr/bin/env node
// @ts-check
/**
 * Seeds the demo collector with realistic synthetic journeys (thousands of
 * visitors across channels and phases), posted through its public API as
 * ordinary journeytag batches, so the journey map has something to show.
 *
 *   npm run demo:seed -- --url http://127.0.0.1:8787/collect --visitors 3000 [--key WRITE_KEY]
 */
import { randomUUID } from 'node:crypto'

const SITE = 'http://127.0.0.1:8788'
const DAY = 86_400_000
const MIN = 60_000

/** Channel → [share of visitors, utm campaign, how likely they go on to consider and buy]. */
const CHANNELS = /** @type {const} */ ({
  organic_search: [0.3, undefined, 1.0],
  paid_search: [0.18, { source: 'google', medium: 'cpc', name: 'spring-mugs' }, 1.15],
  social: [0.14, undefined, 0.7],
  paid_social: [0.1, { source: 'instagram', medium: 'paid_social', name: 'spring-mugs' }, 0.8],
  email: [0.1, { source: 'newsletter', medium: 'email', name: 'may-letter' }, 1.5],
  referral: [0.1, undefined, 1.2],
  direct: [0.08, undefined, 1.3],
})
const REFERRERS = { organic_search: 'https://www.google.com/', social: 'https://www.reddit.com/', referral: 'https://blog.example.org/best-mugs' }
/** @type {Record<'awareness' | 'consideration' | 'conversion' | 'retention' | 'advocacy', [path: string, title: string][]>} */
const PAGES = {
  awareness: [['/index.html', 'Acme Mugs — handmade mugs'], ['/blog/glazes.html', 'How we glaze']],
  consideration: [['/products.html', 'All mugs'], ['/product.html', 'The Morning Mug'], ['/pricing.html', 'Mug Club plans'], ['/contact.html', 'Contact us']],
  conversion: [['/checkout.html', 'Checkout'], ['/signup.html', 'Join the Mug Club']],
  retention: [['/account.html', 'Your account']],
  advocacy: [['/refer.html', 'Refer a friend']],
}

/** A small seeded PRNG (mulberry32): the same seed gives the same journeys. @param {number} seed */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Generates the events of `visitors` synthetic journeys, spread over the last `days` days.
 * Every event has exactly the shape the SDK sends (checked against eventSchema in the tests).
 * @example
 * const events = generateJourneys({ visitors: 100, now: Date.now() })
 * @param {{ visitors?: number, days?: number, now?: number, seed?: number }} [options]
 * @returns {import('../dist/schema.js').TouchpointEvent[]}
 */
export function generateJourneys({ visitors = 3000, days = 14, now = Date.now(), seed = 42 } = {}) {
  const random = prng(seed)
  const pick = (/** @type {readonly any[]} */ list) => list[Math.floor(random() * list.length)]
  const between = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + random() * (hi - lo)
  const channelNames = /** @type {(keyof typeof CHANNELS)[]} */ (Object.keys(CHANNELS))
  /** @type {import('../dist/schema.js').TouchpointEvent[]} */
  const events = []

  for (let v = 0; v < visitors; v++) {
    let roll = random()
    const channel = channelNames.find((name) => (roll -= CHANNELS[name][0]) < 0) ?? 'direct'
    const [, campaign, intent] = CHANNELS[channel]
    const anonymousId = randomUUID()
    /** @type {string | undefined} */
    let userId
    let time = now - between(0.05, days) * DAY
    let sessionId = randomUUID()
    let sessionChannel = /** @type {string} */ (channel)
    let referrer = REFERRERS[/** @type {keyof typeof REFERRERS} */ (channel)] ?? ''
    let first = true
    const emit = (/** @type {string} */ type, /** @type {string} */ phase, /** @type {[string, string] | undefined} */ pageOf, properties = {}) => {
      if (time > now - 1000 || !pageOf) return
      const [path, title] = pageOf
      events.push({
        id: randomUUID(), type, phase, anonymousId, ...(userId ? { userId } : {}), sessionId,
        timestamp: new Date(time).toISOString(),
        page: { url: `${SITE}${path}`, path, title, referrer },
        channel: sessionChannel,
        ...(first && campaign ? { campaign: { ...campaign } } : {}),
        properties,
      })
      if (type === 'page_view') referrer = `${SITE}${path}`
      time += between(0.3, 3) * MIN
    }
    const newSession = (/** @type {number} */ gap) => {
      time += gap
      sessionId = randomUUID()
      sessionChannel = random() < 0.6 ? 'direct' : 'email'
      referrer = ''
      first = false
    }

    emit('page_view', 'awareness', pick(PAGES.awareness))
    if (random() < 0.35) emit('page_view', 'awareness', pick(PAGES.awareness))
    first = false
    if (random() > 0.55 * intent) continue // bounced after the landing page
    if (random() < 0.25) newSession(between(0.5, 48) * 60 * MIN) // came back later to look closer

    emit('page_view', 'consideration', PAGES.consideration[0])
    emit('page_view', 'consideration', PAGES.consideration[1], { sku: pick(['morning', 'night-owl', 'latte']) })
    if (random() < 0.5) emit('page_view', 'consideration', PAGES.consideration[2])
    if (random() < 0.12) emit('chat_open', 'consideration', PAGES.consideration[2], { provider: 'demo' })
    // Friction the demo shop produces too: a slow product photo, the wishlist button that does nothing, the missing gift-wrap page.
    if (random() < 0.1) emit('slow_page', 'consideration', PAGES.consideration[1], { metric: 'lcp', value: Math.round(between(4100, 7000)) })
    if (random() < 0.12) {
      emit('dead_click', 'consideration', PAGES.consideration[1], { element: 'button#wishlist.button.secondary' })
      if (random() < 0.5) emit('rage_click', 'consideration', PAGES.consideration[1], { element: 'button#wishlist.button.secondary', clicks: 3 + Math.floor(random() * 4) })
    }
    if (random() < 0.06) emit('error_page', 'awareness', ['/gift-wrap.html', 'Page not found — Acme Mugs'], { status: 404 })
    if (random() < 0.15) {
      emit('page_view', 'consideration', PAGES.consideration[3])
      emit('form_start', 'consideration', PAGES.consideration[3], { form: 'contact' })
      if (random() < 0.3) emit('form_error', 'consideration', PAGES.consideration[3], { formId: 'contact', invalidFields: ['email'], attempt: 1 })
      if (random() < 0.35) emit('form_abandon', 'consideration', PAGES.consideration[3], { form: 'contact' })
      else emit('form_submit', 'consideration', PAGES.consideration[3], { form: 'contact' })
    }
    if (random() > 0.5 * intent) continue
    if (random() < 0.4) newSession(between(2, 72) * 60 * MIN)

    const viaClub = random() < 0.25
    const page = viaClub ? PAGES.conversion[1] : PAGES.conversion[0]
    emit('page_view', 'conversion', page)
    emit('form_start', 'conversion', page, { form: viaClub ? 'signup' : 'checkout' })
    if (random() < 0.2) {
      const attempts = 1 + Math.floor(random() * 3) // submitted with errors up to three times
      for (let attempt = 1; attempt <= attempts; attempt++) emit('form_error', 'conversion', page, { formId: viaClub ? 'signup' : 'checkout', invalidFields: viaClub ? ['email'] : ['card'], attempt })
    }
    if (random() < 0.04) emit('js_error', 'conversion', page, { message: 'TypeError: Cannot read properties of null (reading \'value\')', source: `${SITE}/shop.js`, line: 48, kind: 'error' })
    if (random() < 0.3) {
      emit('form_abandon', 'conversion', page, { form: viaClub ? 'signup' : 'checkout' }) // the checkout leak the map should show
      continue
    }
    emit('form_submit', 'conversion', page, { form: viaClub ? 'signup' : 'checkout' })
    userId = `user-${v}`
    emit('identify', 'conversion', page)
    if (viaClub) emit('signup', 'conversion', page, { plan: pick(['monthly', 'yearly']) })
    else emit('purchase', 'conversion', page, { orderId: `A-${10_000 + v}`, value: pick([18, 24, 36, 48]), currency: 'EUR' })

    if (random() > 0.55) continue
    newSession(between(1, 6) * DAY)
    emit('page_view', 'retention', PAGES.retention[0])
    if (random() < 0.3) emit('purchase', 'retention', PAGES.conversion[0], { orderId: `B-${10_000 + v}`, value: 24, currency: 'EUR' })
    if (random() > 0.4) continue
    emit('page_view', 'advocacy', PAGES.advocacy[0])
    if (random() < 0.7) emit('referral', 'advocacy', PAGES.advocacy[0], { via: pick(['email', 'link']) })
  }
  return events
}

/**
 * Posts events to a collector as journeytag batches of `batchSize`.
 * @example
 * await postEvents('http://127.0.0.1:8787/collect', generateJourneys())
 * @param {string} url
 * @param {import('../dist/schema.js').TouchpointEvent[]} events
 * @param {{ writeKey?: string, batchSize?: number }} [options]
 */
export async function postEvents(url, events, { writeKey, batchSize = 500 } = {}) {
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = { schemaVersion: 1, sentAt: new Date().toISOString(), events: events.slice(i, i + batchSize) }
    const response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(batch),
      headers: { 'content-type': 'application/json', ...(writeKey ? { 'x-write-key': writeKey } : {}) },
    })
    if (!response.ok) throw new Error(`the collector answered ${response.status}: ${await response.text()}`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (/** @type {string} */ name) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const url = arg('url') ?? process.env.JOURNEYTAG_URL ?? 'http://127.0.0.1:8787/collect'
  const visitors = Number(arg('visitors') ?? 3000)
  const events = generateJourneys({ visitors, seed: Date.now() & 0xffff })
  const started = Date.now()
  try {
    await postEvents(url, events, { writeKey: arg('key') ?? process.env.JOURNEYTAG_WRITE_KEY })
  } catch (error) {
    console.error(`seeding failed: ${/** @type {Error} */ (error).message}\nIs the collector running? (npm run demo)`)
    process.exit(1)
  }
  console.log(`seeded ${events.length} events of ${visitors} visitors into ${url} in ${Date.now() - started} ms`)
}
