// @ts-check
/** The map's other cards: friction, drop-off paths, channels, campaigns, trend, time to convert. */
import { HISTOGRAM_BOUNDS } from '../analytics/definitions.js'
import { COLORS, FRICTION_TYPES, spread } from './phases.js'
import { esc, formatDuration, money, num, pct, plural, timeTag, tip, title } from './format.js'

/**
 * A card: a heading with the figure's definition as tooltip, and an export link for its table.
 * @param {string} heading
 * @param {string} definition DEFINITIONS key
 * @param {string} body
 * @param {string} [csv] href of the table as CSV
 */
export const card = (heading, definition, body, csv) =>
  `<section class="card" data-card="${esc(definition)}"><h2${tip(definition)}>${esc(heading)}${csv ? ` <a class="csv" href="${esc(csv)}">CSV</a>` : ''}</h2>${body}</section>`

/**
 * Friction: form abandons by phase, then where visitors stopped before the goal, the biggest leak marked.
 * @param {import('../stores/store.js').JourneyFigures['friction']} friction
 */
export function frictionList(friction) {
  if (!friction.length) return '<p class="none">No friction in this range.</p>'
  return `<ul class="friction">${friction
    .map((f) =>
      f.kind === 'form_abandon'
        ? `<li class="flag" data-kind="form_abandon"${tip('formAbandons')}><b>${esc(title(f.phase))}</b>: ${plural(f.visitors, 'visitor')} abandoned a form and did not convert${f.rate === null ? '' : ` — ${pct(f.rate)} of those who started one`}</li>`
        : `<li class="${f.worst ? 'flag worst' : ''}" data-kind="drop_off"${tip('dropOffRate')}><b>${esc(title(f.phase))}</b>: ${plural(f.visitors, 'visitor')} stopped here before the goal (${pct(f.rate)} of reached)${f.worst ? ' — the biggest leak' : ''}</li>`,
    )
    .join('')}</ul>`
}

/**
 * Friction by phase: every friction touchpoint kind in every phase, from the phases' touchpoint
 * counts, the kinds that hit most visitors first. Each kind links to the map filtered to the
 * visitors who hit it (in any phase: the filter is per visitor, not per phase).
 * @example
 * frictionByPhase(figures.phases, (type) => `/map${queryString(request, { type })}`)
 * @param {readonly import('../stores/store.js').PhaseFigure[]} phases
 * @param {(type: string) => string} link the map of visitors with a touchpoint of this type
 */
export function frictionByPhase(phases, link) {
  const rows = phases
    .flatMap((p) => p.touchpoints.filter((t) => FRICTION_TYPES.has(t.type)).map((t) => ({ phase: p.name, ...t, rate: p.events ? t.count / p.events : null })))
    .sort((a, b) => b.visitors - a.visitors || b.count - a.count || a.type.localeCompare(b.type))
  if (!rows.length) return '<p class="none">No friction touchpoints in this range.</p>'
  const body = rows
    .map((r) => `<tr data-phase="${esc(r.phase)}" data-kind="${esc(r.type)}"><td>${esc(title(r.phase))}</td><td><a href="${esc(link(r.type))}">${esc(r.type)}</a></td><td>${num(r.count)}</td><td>${num(r.visitors)}</td><td>${pct(r.rate)}</td></tr>`)
    .join('')
  return `<div class="scroll"><table class="attribution friction-kinds"><thead><tr><th>Phase</th><th>Kind</th><th>Times</th><th>Visitors</th><th>Of phase's touchpoints</th></tr></thead><tbody>${body}</tbody></table></div>`
}

/**
 * Drop-off paths: per phase, the most common last touchpoints of visitors who stopped there before the goal.
 * @param {import('../stores/store.js').JourneyFigures['dropOffs']} dropOffs
 */
export function dropOffPaths(dropOffs) {
  const shown = dropOffs.filter((d) => d.paths.length)
  if (!shown.length) return '<p class="none">Nobody stopped before the goal.</p>'
  return shown
    .map((d) => `<h3 class="sub">${esc(title(d.phase))} <small>${plural(d.visitors, 'visitor')} stopped</small></h3><ol class="paths">${d.paths
      .map((p) => `<li><span class="steps">${p.steps.map((s) => `<code>${esc(s)}</code>`).join(' → ')}</span> <b>${num(p.visitors)}</b></li>`)
      .join('')}</ol>`)
    .join('')
}

/**
 * Channels or campaigns: visitors, converted, conversion and revenue.
 * @param {readonly { visitors: number, converted: number, conversion: number | null, revenue: import('../stores/store.js').Revenue[] }[]} rows
 * @param {(row: any) => string} name
 * @param {string} heading column heading
 */
export function attributionTable(rows, name, heading) {
  if (!rows.length) return '<p class="none">No visitors in this range.</p>'
  const max = Math.max(1, ...rows.map((c) => c.visitors))
  return `<div class="scroll"><table class="attribution"><thead><tr><th>${esc(heading)}</th><th>Visitors</th><th${tip('goal')}>Converted</th><th${tip('revenue')}>Revenue</th></tr></thead><tbody>${rows
    .slice(0, 12)
    .map((c) => `<tr data-name="${esc(name(c))}"><td><span class="tag">${esc(name(c))}</span><span class="bar" style="width:${((c.visitors / max) * 100).toFixed(1)}%"></span></td><td>${num(c.visitors)}</td><td>${num(c.converted)}<br><small>${pct(c.conversion)} of visitors</small></td><td>${esc(money(c.revenue))}</td></tr>`)
    .join('')}</tbody></table></div>`
}

/**
 * The trend: one row per phase, a bar per day or week (scaled to that phase's busiest bucket).
 * @param {import('../stores/store.js').JourneyFigures['trend']} trend
 * @param {readonly string[]} phases
 */
export function trendChart(trend, phases) {
  const buckets = trend.buckets
  if (!buckets.length) return '<p class="none">No touchpoints in this range.</p>'
  const rows = phases.map((phase, i) => {
    const values = buckets.map((b) => b.phases[i] ?? 0)
    const max = Math.max(1, ...values)
    const w = 100 / values.length
    const bars = values.map((v, j) => `<rect x="${(j * w).toFixed(3)}" y="${(100 - (v / max) * 100).toFixed(2)}" width="${(w * 0.8).toFixed(3)}" height="${((v / max) * 100).toFixed(2)}"><title>${esc(`${buckets[j]?.start.slice(0, 10)}: ${plural(v, 'visitor')}`)}</title></rect>`).join('')
    return `<li><span class="label">${esc(title(phase))} <small>max ${num(max)}/${trend.unit}</small></span><svg viewBox="0 0 100 100" preserveAspectRatio="none" style="fill:${COLORS[i % COLORS.length]}" role="img" aria-label="${esc(title(phase))} per ${trend.unit}">${bars}</svg></li>`
  })
  const first = buckets[0]?.start ?? ''
  const last = buckets[buckets.length - 1]?.start ?? ''
  return `<ul class="trend">${rows.join('')}</ul><p class="axis"><span>${timeTag(Date.parse(first), 'date')}</span><span>per ${trend.unit} (UTC)</span><span>${timeTag(Date.parse(last), 'date')}</span></p>`
}

/**
 * A duration distribution: p25/p50/p90 and the histogram.
 * @param {import('../stores/store.js').Distribution} d
 */
export function distribution(d) {
  if (!d.visitors) return '<p class="none">No visitor reached the goal in this range.</p>'
  const max = Math.max(1, ...d.histogram.map((h) => h.visitors))
  const labels = HISTOGRAM_BOUNDS.map((b) => `< ${formatDuration(b)}`)
  const label = (/** @type {number} */ i) => labels[i] ?? `≥ ${formatDuration(/** @type {number} */ (HISTOGRAM_BOUNDS[HISTOGRAM_BOUNDS.length - 1]))}`
  return `<p>${spread(d)} over ${plural(d.visitors, 'visitor')}</p><ul class="histogram">${d.histogram
    .map((h, i) => `<li><span class="label">${esc(label(i))}</span><span class="track"><span class="fill" style="width:${((h.visitors / max) * 100).toFixed(1)}%"></span></span><b>${num(h.visitors)}</b></li>`)
    .join('')}</ul>`
}

/**
 * Touchpoints in phases outside the phase list.
 * @param {import('../stores/store.js').JourneyFigures['otherPhases']} other
 */
export const otherPhases = (other) => `<ul>${other.map((o) => `<li>${esc(o.phase)}: ${plural(o.events, 'touchpoint')}</li>`).join('')}</ul>`
