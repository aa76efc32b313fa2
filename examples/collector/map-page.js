// @ts-check
/**
 * The journey map page: plain server-rendered HTML, CSS and SVG (no CDN, works
 * offline). A few lines of script refresh it in place while a preset range is shown.
 */
import { PRESETS } from './range.js'

const COLORS = ['#2f6fde', '#7a4fd6', '#1d9a6c', '#d98a1c', '#d1477a', '#5a6b7d', '#3b9bb8']

/** Escapes text for HTML: event types and channels come from browsers, so nothing is trusted. */
const esc = (/** @type {unknown} */ value) =>
  String(value).replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
const num = (/** @type {number} */ n) => n.toLocaleString('en-US')
const pct = (/** @type {number | null} */ r) => (r === null ? '–' : `${Math.round(r * 1000) / 10}%`)
const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${num(n)} ${word}${n === 1 ? '' : 's'}`
const title = (/** @type {string} */ s) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ')

/**
 * A duration for people: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
 * @example
 * formatDuration(3 * 3_600_000 + 5 * 60_000) // '3 h 5 min'
 * @param {number} ms
 */
export function formatDuration(ms) {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`
}

/** @param {import('./journey.js').PhaseFigure[]} phases */
function funnel(phases) {
  const top = Math.max(1, ...phases.map((p) => p.reached))
  const row = 46
  const bars = phases.map((p, i) => {
    const y = i * row
    const width = Math.max(2, (p.reached / top) * 560)
    const color = COLORS[i % COLORS.length]
    return `<g class="step" data-phase="${esc(p.name)}">
      <text x="0" y="${y + 26}" class="label">${esc(title(p.name))}</text>
      <rect x="150" y="${y + 8}" width="560" height="28" rx="4" class="track"/>
      <rect x="150" y="${y + 8}" width="${width.toFixed(1)}" height="28" rx="4" fill="${color}"/>
      ${width > 70
        ? `<text x="${(150 + width - 8).toFixed(1)}" y="${y + 27}" class="count" text-anchor="end">${num(p.reached)}</text>`
        : `<text x="${(150 + width + 6).toFixed(1)}" y="${y + 27}" class="count outside">${num(p.reached)}</text>`}
      <text x="720" y="${y + 27}" class="conv">${i === 0 ? 'visitors' : `${pct(p.conversion)} of previous`}</text>
    </g>`
  })
  return `<svg class="funnel" viewBox="0 0 880 ${phases.length * row + 4}" role="img" aria-label="Visitors reaching each phase">${bars.join('')}</svg>`
}

/** @param {import('./journey.js').PhaseFigure} p @param {import('./journey.js').PhaseFigure | undefined} next @param {number} i @param {import('./journey.js').Friction[]} friction */
function column(p, next, i, friction) {
  const worst = friction.find((f) => f.kind === 'drop_off' && f.phase === p.name && f.worst)
  const max = Math.max(1, ...p.touchpoints.map((t) => t.count))
  const touchpoints = p.touchpoints.length
    ? p.touchpoints
        .map((t) => `<li class="${t.type === 'form_abandon' ? 'bad' : ''}" data-type="${esc(t.type)}"><span class="name">${esc(t.type)}</span><span class="bar" style="width:${((t.count / max) * 100).toFixed(1)}%"></span><b>${num(t.count)}</b></li>`)
        .join('')
    : '<li class="none">no touchpoints</li>'
  const abandons = p.formAbandons
    ? `<p class="flag">⚠ ${num(p.formAbandons)} form abandon${p.formAbandons === 1 ? '' : 's'}${p.abandonRate === null ? '' : ` (${pct(p.abandonRate)} of form starts)`}</p>`
    : ''
  const stops = next && p.stopped ? `<p class="stops${worst ? ' flag worst' : ''}">${worst ? '⚠ biggest leak: ' : ''}${num(p.stopped)} stop here (${pct(p.reached ? p.stopped / p.reached : null)})</p>` : ''
  const toNext = next
    ? `<p class="next">→ ${p.medianToNextMs === null ? 'no visitor went on yet' : `median <b>${formatDuration(p.medianToNextMs)}</b> to ${esc(title(next.name))} (${plural(p.toNextVisitors, 'visitor')})`}</p>`
    : ''
  return `<article class="phase" data-phase="${esc(p.name)}" data-reached="${p.reached}" data-visitors="${p.visitors}" style="--c:${COLORS[i % COLORS.length]}">
    <h3>${esc(title(p.name))}</h3>
    <p class="reached"><b>${num(p.reached)}</b> reached${i ? ` · ${pct(p.conversion)}` : ''}</p>
    <p class="here">${num(p.visitors)} visitor${p.visitors === 1 ? '' : 's'} · ${num(p.events)} touchpoint${p.events === 1 ? '' : 's'} here</p>
    <ul class="touchpoints">${touchpoints}</ul>
    ${abandons}${stops}${toNext}
  </article>`
}

/** @param {import('./journey.js').ChannelFigure[]} channels */
function channelList(channels) {
  if (!channels.length) return '<p class="none">No awareness touchpoints in this range.</p>'
  const max = Math.max(1, ...channels.map((c) => c.visitors))
  return `<table class="channels"><thead><tr><th>Channel</th><th>Visitors</th><th></th><th>Converted</th></tr></thead><tbody>${channels
    .slice(0, 10)
    .map((c) => `<tr data-channel="${esc(c.channel)}"><td>${esc(c.channel)}</td><td>${num(c.visitors)}</td><td class="barcell"><span class="bar" style="width:${((c.visitors / max) * 100).toFixed(1)}%"></span></td><td>${c.converted === null ? '–' : `${num(c.converted)} (${pct(c.converted / c.visitors)})`}</td></tr>`)
    .join('')}</tbody></table>`
}

/** @param {import('./journey.js').Friction[]} friction */
function frictionList(friction) {
  if (!friction.length) return '<p class="none">No friction in this range.</p>'
  return `<ul class="friction">${friction
    .map((f) =>
      f.kind === 'form_abandon'
        ? `<li class="flag" data-kind="form_abandon"><b>${esc(title(f.phase))}</b>: ${num(f.count)} form abandon${f.count === 1 ? '' : 's'} by ${num(f.visitors)} visitor${f.visitors === 1 ? '' : 's'}${f.rate === null ? '' : ` — ${pct(f.rate)} of forms started there`}</li>`
        : `<li class="${f.worst ? 'flag worst' : ''}" data-kind="drop_off"><b>${esc(title(f.phase))}</b>: ${num(f.visitors)} visitor${f.visitors === 1 ? '' : 's'} go no further (${pct(f.rate)})${f.worst ? ' — the biggest leak' : ''}</li>`,
    )
    .join('')}</ul>`
}

/** @param {import('./journey.js').JourneyEvent[]} events */
function timeline(events) {
  return `<ol class="timeline">${events
    .map((e) => `<li><time>${esc(new Date(e.time).toISOString().replace('T', ' ').slice(0, 19))}</time> <span class="pill">${esc(e.phase)}</span> ${esc(e.type)} <small>${esc(e.channel)}</small></li>`)
    .join('')}</ol>`
}

/**
 * Renders the whole map page.
 * @example
 * res.end(renderMapPage({ figures, range, now: Date.now() }))
 * @param {{ figures: import('./journey.js').JourneyFigures, range: { from: number, to: number, preset: string, visitor?: string }, events?: import('./journey.js').JourneyEvent[], recent?: { anonymousId: string, time: number, phase: string }[], error?: string }} input
 */
export function renderMapPage({ figures, range, events, recent, error }) {
  const { totals, phases } = figures
  const local = (/** @type {number} */ ms) => (range.preset === 'custom' ? new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '')
  const options = [...Object.keys(PRESETS), 'custom']
    .map((p) => `<option value="${p}"${p === range.preset ? ' selected' : ''}>${p === 'all' ? 'all time' : p === 'custom' ? 'custom (from/to)' : `last ${p}`}</option>`)
    .join('')
  const columns = phases.map((p, i) => column(p, phases[i + 1], i, figures.friction)).join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>journeytag — journey map</title>
<style>${STYLE}</style></head>
<body data-live="${range.preset === 'custom' ? 'off' : 'on'}">
<header>
  <h1>Journey map <small>journeytag</small></h1>
  <form method="get" action="/map">
    <label>Range <select name="range">${options}</select></label>
    <label>From <input type="datetime-local" name="from" value="${local(range.from)}"></label>
    <label>To <input type="datetime-local" name="to" value="${local(range.to)}"></label>
    <label>Visitor <input name="visitor" placeholder="anonymousId (optional)" value="${esc(range.visitor ?? '')}" size="24"></label>
    <button>Show</button>
  </form>
</header>
<main id="map">
  ${error ? `<p class="error">${esc(error)}</p>` : ''}
  <p class="totals"><b data-total="visitors">${num(totals.visitors)}</b> visitor${totals.visitors === 1 ? '' : 's'} · ${plural(totals.sessions, 'session')} · ${plural(totals.events, 'touchpoint')}${range.visitor ? ` · visitor <code>${esc(range.visitor)}</code>` : ''}</p>
  <section class="columns">${columns}</section>
  <div class="row">
    <section class="card"><h2>Funnel: visitors reaching each phase</h2>${funnel(phases)}</section>
    <section class="card"><h2>Friction</h2>${frictionList(figures.friction)}</section>
  </div>
  <div class="row">
    <section class="card"><h2>Top channels at awareness</h2>${channelList(figures.channels)}</section>
    ${events ? `<section class="card"><h2>This visitor's touchpoints</h2>${timeline(events)}</section>` : recentList(recent ?? [], range)}
    ${figures.otherPhases.length ? `<section class="card"><h2>Other phases</h2><ul>${figures.otherPhases.map((o) => `<li>${esc(o.phase)}: ${num(o.events)}</li>`).join('')}</ul></section>` : ''}
  </div>
  <p class="foot">Same figures as JSON: <a href="/api/journey${esc(queryOf(range))}">/api/journey${esc(queryOf(range))}</a> · updated ${esc(new Date().toISOString().slice(11, 19))} UTC</p>
</main>
<script>${LIVE}</script>
</body></html>`
}

/**
 * The latest visitors, each a link to their own journey.
 * @param {{ anonymousId: string, time: number, phase: string }[]} recent
 * @param {{ from: number, to: number, preset: string }} range
 */
function recentList(recent, range) {
  if (!recent.length) return ''
  const items = recent
    .map((v) => `<li><a href="/map${esc(queryOf({ ...range, visitor: v.anonymousId }))}"><code>${esc(v.anonymousId)}</code></a> <small>${esc(new Date(v.time).toISOString().slice(11, 19))} · ${esc(v.phase)}</small></li>`)
    .join('')
  return `<section class="card"><h2>Latest visitors</h2><ul class="recent">${items}</ul></section>`
}

/** @param {{ from: number, to: number, preset: string, visitor?: string }} range */
function queryOf(range) {
  const q = new URLSearchParams(range.preset === 'custom' ? { from: String(range.from), to: String(range.to) } : { range: range.preset })
  if (range.visitor) q.set('visitor', range.visitor)
  return `?${q}`
}

// Refreshes the figures in place every 5 s (no reload, so scroll and form stay put).
const LIVE = `if (document.body.dataset.live === 'on') setInterval(async () => {
  if (document.hidden) return
  try {
    const html = await (await fetch(location.href, { cache: 'no-store' })).text()
    const next = new DOMParser().parseFromString(html, 'text/html').getElementById('map')
    if (next) document.getElementById('map').replaceWith(next)
  } catch {}
}, 5000)`

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f6fa;color:#1d2433}
header{display:flex;flex-wrap:wrap;gap:12px 32px;align-items:center;padding:14px 24px;background:#fff;border-bottom:1px solid #dde3ec}
h1{font-size:20px;margin:0}h1 small{font-weight:400;color:#7a8599;font-size:13px;margin-left:6px}
form{display:flex;flex-wrap:wrap;gap:10px;align-items:end}label{display:flex;flex-direction:column;font-size:11px;color:#5a6478;text-transform:uppercase;letter-spacing:.03em}
input,select,button{font:inherit;padding:4px 8px;border:1px solid #c5cdd9;border-radius:6px;background:#fff}button{background:#2f6fde;color:#fff;border-color:#2f6fde;cursor:pointer}
main{padding:16px 24px 32px}.totals{margin:0 0 14px;color:#4a5468}.error{background:#fde8ec;color:#a4203f;padding:8px 12px;border-radius:6px}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px}
.phase{background:#fff;border-radius:10px;border-top:5px solid var(--c);padding:12px 14px;box-shadow:0 1px 2px #0001}
.phase h3{margin:0 0 4px;font-size:16px;color:var(--c)}.reached{margin:0;font-size:13px}.reached b{font-size:24px;color:#1d2433}
.here{margin:2px 0 8px;color:#6a7488;font-size:12px}
.touchpoints{list-style:none;margin:0 0 8px;padding:0}.touchpoints li{position:relative;display:flex;justify-content:space-between;padding:3px 6px;margin:2px 0;font-size:12.5px;z-index:0}
.touchpoints .bar{position:absolute;left:0;top:0;bottom:0;background:color-mix(in srgb,var(--c) 14%,transparent);border-radius:4px;z-index:-1}
.touchpoints li.bad{color:#a4203f;font-weight:600}.touchpoints li.bad .bar{background:#fbd5de}
.flag{color:#a4203f;background:#fde8ec;border-radius:6px;padding:4px 8px;margin:6px 0;font-size:12.5px}.worst{outline:2px solid #e0567a}
.stops{font-size:12.5px;color:#5a6478;margin:6px 0}.next{font-size:12.5px;margin:6px 0 0;color:#3a4458;border-top:1px dashed #dde3ec;padding-top:6px}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:12px;margin-top:12px}
.card{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 2px #0001}.card h2{font-size:14px;margin:0 0 10px}
svg.funnel{width:100%;height:auto}svg .label{font-size:14px;fill:#1d2433}svg .track{fill:#eef1f6}svg .count{font-size:13px;font-weight:600;fill:#fff}svg .count.outside{fill:#1d2433}svg .conv{font-size:12px;fill:#5a6478}
ul.friction{margin:0;padding:0;list-style:none}ul.friction li{padding:5px 8px;margin:4px 0;border-radius:6px;background:#f4f6fa;font-size:13px}
table.channels{width:100%;border-collapse:collapse}table.channels td,table.channels th{text-align:left;padding:4px 6px;border-bottom:1px solid #eef1f6;font-size:12.5px}
.barcell{width:40%}.barcell .bar{display:block;height:10px;background:#2f6fde;border-radius:3px}
.timeline{margin:0;padding-left:20px;font-size:12.5px}.timeline time{color:#6a7488;font-variant-numeric:tabular-nums}.pill{background:#eef1f6;border-radius:9px;padding:0 7px}
.recent{margin:0;padding-left:18px;font-size:12.5px}.none{color:#8a93a5}.foot{color:#7a8599;font-size:12px;margin-top:16px}
`
