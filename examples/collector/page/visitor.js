// @ts-check
/** People on the map: the latest visitors, and one visitor's timeline. */
import { esc, money, plural, timeTag, tip, title } from './format.js'

/** Property names that say what a touchpoint was about, shown first in the timeline. */
const KEY_PROPERTIES = ['product', 'sku', 'name', 'orderId', 'plan', 'form', 'via', 'provider']

/**
 * The key properties of a touchpoint, short: the order value as money, then product, order…
 * @example
 * keyProperties({ orderId: 'A-1', value: 24, currency: 'EUR' }) // 'order value €24.00 · orderId A-1'
 * @param {Record<string, unknown>} properties
 */
export function keyProperties(properties) {
  const parts = []
  if (typeof properties.value === 'number') {
    parts.push(`order value ${typeof properties.currency === 'string' ? money([{ currency: properties.currency, amount: properties.value }]) : properties.value}`)
  }
  const rest = Object.keys(properties).filter((k) => k !== 'value' && k !== 'currency')
  const ordered = [...KEY_PROPERTIES.filter((k) => rest.includes(k)), ...rest.filter((k) => !KEY_PROPERTIES.includes(k))]
  for (const key of ordered.slice(0, 5)) {
    const value = properties[key]
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
    parts.push(`${key} ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`)
  }
  return parts.join(' · ')
}

/**
 * The furthest phase (in journey order) among a visitor's touchpoints, or undefined.
 * @param {readonly { phase: string }[]} touchpoints
 * @param {readonly string[]} phases
 */
export function furthestPhase(touchpoints, phases) {
  let furthest = -1
  for (const t of touchpoints) furthest = Math.max(furthest, phases.indexOf(t.phase))
  return furthest < 0 ? undefined : phases[furthest]
}

/**
 * The most recently seen visitors, each a link to their timeline.
 * @param {import('../stores/store.js').JourneyFigures['latest']} latest
 * @param {(visitor: string) => string} link href of a visitor's page
 */
export function latestList(latest, link) {
  if (!latest.length) return '<p class="none">No visitors in this range.</p>'
  return `<ul class="recent">${latest
    .map((v) => `<li data-visitor="${esc(v.visitor)}"><a href="${esc(link(v.visitor))}">${v.userId ? `<span class="user">${esc(v.userId)}</span>` : `<code>${esc(v.visitor)}</code>`}</a> <small>${timeTag(v.lastSeen)} · furthest: <span class="pill"${tip('reached')}>${esc(v.furthestPhase ?? '–')}</span></small></li>`)
    .join('')}</ul>`
}

/**
 * One visitor's timeline: who they are, how far they got, and every touchpoint with
 * date and time, page path and key properties.
 * @param {import('../stores/store.js').VisitorTimeline} person
 * @param {readonly string[]} phases
 */
export function timeline(person, phases) {
  const furthest = furthestPhase(person.touchpoints, phases)
  const who = person.userId
    ? `<span class="user" data-user="${esc(person.userId)}">${esc(person.userId)}</span> <small>identified · ${plural(person.anonymousIds.length, 'device')}: ${person.anonymousIds.map((id) => `<code>${esc(id)}</code>`).join(', ')}</small>`
    : `<code>${esc(person.visitor)}</code> <small>anonymous</small>`
  const items = person.touchpoints.map((t) => {
    const props = keyProperties(t.properties)
    return `<li data-phase="${esc(t.phase)}" data-type="${esc(t.type)}">${timeTag(t.time)} <span class="pill">${esc(t.phase)}</span> <b>${esc(t.type)}</b> <code class="path">${esc(t.path)}</code>${props ? ` <span class="props">${esc(props)}</span>` : ''} <small>${esc(t.channel)}${t.campaign ? ` · ${esc(t.campaign)}` : ''}${t.bot ? ' · bot' : ''}</small></li>`
  })
  return `<p class="person">${who}</p>
    <p data-furthest="${esc(furthest ?? '')}"${tip('reached')}>Furthest phase: <b>${esc(furthest ? title(furthest) : '–')}</b> · ${plural(person.touchpoints.length, 'touchpoint')}${person.truncated ? ' (the first ones; more in the export)' : ''}</p>
    <ol class="timeline">${items.join('')}</ol>`
}
