// @ts-check
/**
 * The journey map page: server-rendered HTML and CSS, a few lines of script
 * (no framework, no CDN, works offline). Laid out in one column on a phone.
 */
import { DEFINITIONS } from '../analytics/definitions.js'
import { PRESETS, queryString } from '../http/query.js'
import { card, attributionTable, distribution, dropOffPaths, frictionByPhase, frictionList, otherPhases, trendChart } from './figures.js'
import { esc, money, num, pct, plural, tip, title } from './format.js'
import { columns, funnel, spread } from './phases.js'
import { LIVE } from './live.js'
import { STYLE } from './style.js'
import { latestList, timeline } from './visitor.js'

/**
 * @typedef {import('../http/journey.js').MapAnswer & { phases: readonly string[], error?: string }} PageInput
 */

/** @param {import('../http/query.js').MapRequest} request @param {import('../stores/store.js').JourneyFigures | undefined} figures */
function filterForm(request, figures) {
  const local = (/** @type {number} */ ms) => (request.preset === 'custom' ? new Date(ms).toISOString().slice(0, 16) : '')
  const options = [...Object.keys(PRESETS), 'custom']
    .map((p) => `<option value="${p}"${p === request.preset ? ' selected' : ''}>${p === 'all' ? 'all time' : p === 'custom' ? 'custom (from/to, UTC)' : `last ${p}`}</option>`)
    .join('')
  const f = request.filters
  const list = (/** @type {string} */ id, /** @type {string[]} */ values) => `<datalist id="${id}">${values.map((v) => `<option value="${esc(v)}">`).join('')}</datalist>`
  const field = (/** @type {string} */ label, /** @type {string} */ name, /** @type {string | undefined} */ value, /** @type {string} */ extra = '') =>
    `<label>${label} <input name="${name}" value="${esc(value ?? '')}"${extra}></label>`
  const more = Boolean(f.firstChannel || f.channel || f.campaign || f.property || f.type || request.segments.length || request.goal || request.visitor || request.includeBots)
  return `<form method="get" action="/map" class="filters">
    <label>Range <select name="range">${options}</select></label>
    <label>From <input type="datetime-local" name="from" value="${local(request.from)}"></label>
    <label>To <input type="datetime-local" name="to" value="${local(request.to)}"></label>
    <button>Show</button>
    <details class="more"${more ? ' open' : ''}><summary>Filters, comparison, goal, visitor</summary><div class="fields">
    ${field('First channel', 'firstChannel', f.firstChannel, ' list="channels" placeholder="any"')}
    ${field('Channel', 'channel', f.channel, ' list="channels" placeholder="any"')}
    ${field('Campaign', 'campaign', f.campaign, ' list="campaigns" placeholder="any"')}
    ${field('Touchpoint type', 'type', f.type, ' placeholder="form_abandon"')}
    ${field('Property', 'prop', f.property ? `${f.property.name}:${f.property.value}` : '', ' placeholder="name:value"')}
    ${field('Compare A', 'segment', request.segments[0]?.label, ' placeholder="firstChannel:email"')}
    ${field('Compare B', 'segment', request.segments[1]?.label, ' placeholder="firstChannel:direct"')}
    ${field('Goal', 'goal', request.goal?.join(','), ' placeholder="purchase,signup"')}
    ${field('Visitor', 'visitor', request.visitor, ' placeholder="anonymousId or userId"')}
    <label class="check"${tip('bots')}><input type="checkbox" name="includeBots" value="1"${request.includeBots ? ' checked' : ''}> include bots</label>
    <a class="reset" href="/map">reset all</a>
    </div></details>
    ${list('channels', figures?.channels.map((c) => c.channel) ?? [])}${list('campaigns', figures?.campaigns.map((c) => c.campaign) ?? [])}
  </form>`
}

/** @param {import('../stores/store.js').JourneyFigures} figures */
function summary(figures) {
  const { totals, goal } = figures
  const toGoal = spread(goal.timeToGoal)
  return `<p class="totals"><b data-total="visitors"${tip('visitor')}>${num(totals.visitors)}</b> visitor${totals.visitors === 1 ? '' : 's'} · ${plural(totals.sessions, 'session')} · ${plural(totals.events, 'touchpoint')}</p>
  <p class="goal"${tip('goal')}>Goal (${esc(goal.types.join(' or '))}): <b data-total="converted">${num(goal.visitors)}</b> converted · <b>${pct(goal.rate)}</b> of visitors · revenue <b${tip('revenue')}>${esc(money(goal.revenue))}</b>${toGoal ? ` · time to convert ${toGoal}` : ''}</p>`
}

/** @param {PageInput} input @param {import('../stores/store.js').JourneyFigures} figures */
function wholeMap(input, figures) {
  const q = (/** @type {Record<string, string>} */ changes) => queryString(input.request, changes)
  const csv = (/** @type {string} */ table) => `/api/journey.csv${queryString(input.request, { table })}`
  return `${summary(figures)}
  ${columns(figures)}
  <div class="row">
    ${card('Funnel: visitors reaching each phase', 'reached', funnel(figures.phases), csv('phases'))}
    ${card('Friction: where visitors leave before the goal', 'friction', frictionList(figures.friction), csv('friction'))}
    ${card('Friction by phase: obstacles visitors hit', 'frictionByPhase', frictionByPhase(figures.phases, (type) => `/map${q({ type })}`))}
    ${card('Drop-off paths: last touchpoints before leaving', 'dropOffs', dropOffPaths(figures.dropOffs))}
    ${card('Channels (first touchpoint)', 'channels', attributionTable(figures.channels, (c) => c.channel, 'Channel'), csv('channels'))}
    ${card('Campaigns (first campaign)', 'campaigns', attributionTable(figures.campaigns, (c) => c.campaign, 'Campaign'), csv('campaigns'))}
    ${card('Time to convert', 'timeToGoal', distribution(figures.goal.timeToGoal))}
    ${card(`Trend: visitors reaching each phase per ${figures.trend.unit}`, 'trend', trendChart(figures.trend, figures.phases.map((p) => p.name)), csv('trend'))}
    ${card('Latest visitors', 'latest', latestList(figures.latest, (visitor) => `/map${q({ visitor })}`))}
    ${figures.otherPhases.length ? card('Other phases', 'otherPhases', otherPhases(figures.otherPhases), csv('otherPhases')) : ''}
  </div>`
}

/** Two segments side by side: each with its funnel, goal and friction. @param {PageInput} input */
function comparison(input) {
  const segments = input.segments ?? []
  return `<section class="compare">${segments
    .map((s) => `<div class="card segment" data-segment="${esc(s.label)}"><h2>${esc(s.label)}</h2>${summary(s)}${funnel(s.phases)}<h3 class="sub">Friction</h3>${frictionList(s.friction)}<h3 class="sub"${tip('timeToGoal')}>Time to convert</h3>${distribution(s.goal.timeToGoal)}</div>`)
    .join('')}</section>`
}

/** Every definition, once, in plain words (the tooltips repeat them). */
const legend = () =>
  `<details class="card legend" open><summary>What the figures mean</summary><dl>${Object.entries(DEFINITIONS)
    .map(([key, text]) => `<dt>${esc(title(key.replace(/([A-Z])/g, ' $1').toLowerCase()))}</dt><dd>${esc(text)}</dd>`)
    .join('')}</dl></details>`

/** @param {import('../http/query.js').MapRequest} request */
function exports(request) {
  const q = (/** @type {Record<string, string>} */ changes) => esc(queryString(request, changes))
  return `<p class="foot">Export this range: <a href="/api/export${q({ format: 'ndjson' })}">events as NDJSON</a> · <a href="/api/export${q({ format: 'csv' })}">events as CSV</a> · figures as <a href="/api/journey${q({})}">JSON</a> · updated <span data-updated>${esc(new Date().toISOString().slice(11, 19))}</span> UTC</p>`
}

/**
 * Renders the whole map page.
 * @example
 * res.end(renderMapPage({ request, goal, version, figures, phases }))
 * @param {PageInput} input
 */
export function renderMapPage(input) {
  const { request, error } = input
  let body
  if (input.visitor !== undefined) {
    const back = `/map${esc(queryString(request, { visitor: '' }))}`
    body = input.visitor
      ? `${card('This visitor’s journey', 'visitor', timeline(input.visitor, input.phases))}<p><a href="${back}">← back to the map</a></p>`
      : `<p class="error">No touchpoints of visitor <code>${esc(request.visitor)}</code> in this range.</p><p><a href="${back}">← back to the map</a></p>`
  } else if (input.segments) body = comparison(input)
  else body = wholeMap(input, /** @type {import('../stores/store.js').JourneyFigures} */ (input.figures))
  const live = request.preset !== 'custom'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>journeytag — journey map</title>
<style>${STYLE}</style></head>
<body>
<header>
  <h1>Journey map <small>journeytag</small></h1>
  ${filterForm(request, input.figures)}
</header>
<main id="map" data-version="${esc(input.version)}" data-live="${live ? 'on' : 'off'}">
  ${error ? `<p class="error">${esc(error)}</p>` : ''}
  ${body}
  ${legend()}
  ${exports(request)}
</main>
<script>${LIVE}</script>
</body></html>`
}
