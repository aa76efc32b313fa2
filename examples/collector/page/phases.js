// @ts-check
/** The phase columns and the funnel: visitors reaching each phase, as % of the previous phase. */
import { esc, formatDuration, money, num, pct, plural, tip, title } from './format.js'

/** Colours of the phases, in journey order (repeated beyond seven). */
export const COLORS = ['#2f6fde', '#7a4fd6', '#1d9a6c', '#d98a1c', '#d1477a', '#5a6b7d', '#3b9bb8']
const color = (/** @type {number} */ i) => COLORS[i % COLORS.length]
/** Touchpoints that are friction in themselves, highlighted in the columns (the SDK's form and friction captures). */
export const FRICTION_TYPES = new Set(['form_abandon', 'form_error', 'rage_click', 'dead_click', 'error_page', 'js_error', 'slow_page'])

/**
 * `p50 12 min (p25 3 min – p90 2 d)`, or undefined without data.
 * @param {import('../stores/store.js').Distribution | null | undefined} d
 */
export function spread(d) {
  if (!d || d.p50 === null) return undefined
  const q = (/** @type {number | null} */ v) => (v === null ? '–' : formatDuration(v))
  return `median <b>${q(d.p50)}</b> <small>(p25 ${q(d.p25)} – p90 ${q(d.p90)})</small>`
}

/**
 * The funnel as HTML bars (they stay legible on a phone, where a scaled SVG's text would not).
 * @example
 * funnel(figures.phases)
 * @param {readonly import('../stores/store.js').PhaseFigure[]} phases
 */
export function funnel(phases) {
  const top = Math.max(1, ...phases.map((p) => p.reached))
  const rows = phases.map((p, i) => {
    const width = (p.reached / top) * 100
    return `<li class="step" data-phase="${esc(p.name)}" style="--c:${color(i)}">
      <span class="label">${esc(title(p.name))}</span>
      <span class="track"><span class="fill" style="width:${width.toFixed(1)}%"></span></span><b${tip('reached')}>${num(p.reached)}</b>
      <span class="conv"${tip('conversion')}>${i === 0 ? 'visitors reached the first phase' : `${pct(p.conversion)} of previous phase`}</span>
    </li>`
  })
  return `<ol class="funnel" aria-label="Visitors reaching each phase">${rows.join('')}</ol>`
}

/**
 * One phase's column: reached, touchpoints, friction, time to the next phase, revenue.
 * @param {import('../stores/store.js').PhaseFigure} p
 * @param {import('../stores/store.js').PhaseFigure | undefined} next
 * @param {number} i
 * @param {import('../stores/store.js').JourneyFigures['friction']} friction
 */
function column(p, next, i, friction) {
  const worst = friction.some((f) => f.kind === 'drop_off' && f.phase === p.name && f.worst)
  const max = Math.max(1, ...p.touchpoints.map((t) => t.count))
  const touchpoints = p.touchpoints.length
    ? p.touchpoints
        .slice(0, 8)
        .map((t) => `<li class="${FRICTION_TYPES.has(t.type) ? 'bad' : ''}" data-type="${esc(t.type)}" title="${esc(`${plural(t.count, 'time')} by ${plural(t.visitors, 'visitor')}`)}"><span class="name">${esc(t.type)}</span><span class="bar" style="width:${((t.count / max) * 100).toFixed(1)}%"></span><b>${num(t.count)}</b></li>`)
        .join('')
    : '<li class="none">no touchpoints</li>'
  const abandons = p.formAbandons
    ? `<p class="flag"${tip('formAbandons')}>⚠ ${plural(p.formAbandons, 'visitor')} abandoned a form${p.abandonRate === null ? '' : ` (${pct(p.abandonRate)} of those who started one)`}</p>`
    : ''
  const stops = next && p.stoppedBeforeGoal
    ? `<p class="stops${worst ? ' flag worst' : ''}"${tip('stoppedBeforeGoal')}>${worst ? '⚠ biggest leak: ' : ''}${plural(p.stoppedBeforeGoal, 'visitor')} stopped here before the goal (${pct(p.dropOffRate)} of reached)</p>`
    : ''
  const after = p.afterGoal ? `<p class="after"${tip('afterGoal')}>${plural(p.afterGoal, 'customer')} here after converting</p>` : ''
  const toNext = next
    ? `<p class="next"${tip('toNext')}>→ ${esc(title(next.name))}: ${spread(p.toNext) ? `${spread(p.toNext)}, ${plural(p.toNext?.visitors ?? 0, 'visitor')}` : 'no visitor went on yet'}</p>`
    : ''
  const revenue = p.revenue?.length ? `<p class="money"${tip('revenue')}>Revenue here: <b>${esc(money(p.revenue))}</b></p>` : ''
  return `<article class="phase" data-phase="${esc(p.name)}" data-reached="${p.reached}" data-visitors="${p.visitors}" style="--c:${color(i)}">
    <h3>${esc(title(p.name))}</h3>
    <p class="reached"><b${tip('reached')}>${num(p.reached)}</b> reached${i ? ` · <span${tip('conversion')}>${pct(p.conversion)} of previous phase</span>` : ''}</p>
    <p class="here"${tip('visitors')}>${plural(p.visitors, 'visitor')} · ${plural(p.events, 'touchpoint')} here</p>
    <ul class="touchpoints"${tip('touchpoints')}>${touchpoints}</ul>
    ${abandons}${stops}${after}${toNext}${revenue}
  </article>`
}

/**
 * All phase columns, in journey order.
 * @param {import('../stores/store.js').JourneyFigures} figures
 */
export function columns(figures) {
  return `<section class="columns">${figures.phases.map((p, i) => column(p, figures.phases[i + 1], i, figures.friction)).join('')}</section>`
}
