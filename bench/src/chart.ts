/** The results as one SVG of horizontal bar panels, drawn by hand (no chart library). */
import type { Results } from './results'
import type { Summary } from './summary'

interface Bar {
  label: string
  value: number
  text: string
  highlight: boolean
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const LABEL_W = 250
const BAR_W = 330
const ROW_H = 20

function panel(title: string, subtitle: string, bars: Bar[], top: number, scale: (v: number) => number): { svg: string; height: number } {
  const parts = [
    `<text x="10" y="${top + 18}" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<text x="10" y="${top + 35}" font-size="11" fill="#555">${escape(subtitle)}</text>`,
  ]
  bars.forEach((bar, i) => {
    const y = top + 48 + i * ROW_H
    const width = Number.isFinite(bar.value) ? Math.max(1, scale(bar.value) * BAR_W) : 0
    const fill = bar.highlight ? '#0b7a5c' : '#8a97a8'
    parts.push(
      `<text x="${LABEL_W - 6}" y="${y + 13}" font-size="12" text-anchor="end"${bar.highlight ? ' font-weight="bold"' : ''}>${escape(bar.label)}</text>`,
      `<rect x="${LABEL_W}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW_H - 6}" fill="${fill}" rx="2"/>`,
      `<text x="${LABEL_W + width + 5}" y="${y + 13}" font-size="11">${escape(bar.text)}</text>`,
    )
  })
  return { svg: parts.join('\n'), height: 48 + bars.length * ROW_H + 16 }
}

const linear = (max: number) => (v: number) => v / max
/** Log scale from `min` to `max` (per-call costs span four orders of magnitude). */
const logScale = (min: number, max: number) => (v: number) => Math.max(0.01, Math.log10(Math.max(v, min) / min) / Math.log10(max / min))

export function chart(results: Results, summary: Summary): string {
  const panels: { svg: string; height: number }[] = []
  let top = 10
  const add = (p: { svg: string; height: number }) => {
    panels.push(p)
    top += p.height
  }
  const sizes = results.sizes.map((s) => ({ label: s.label.replace(/ \(dist.*\)$/, ' (script tag)'), value: s.all.gzip / 1024, text: `${(s.all.gzip / 1024).toFixed(1)} KB`, highlight: s.id.startsWith('journeytag') }))
  add(panel('Bundle size, gzip (init + one track, all chunks)', 'smaller is better; rows that fetch more code at run time are lower bounds', sizes, top, linear(Math.max(...sizes.map((b) => b.value)))))
  const logPanel = (title: string, subtitle: string, bars: Bar[]) => {
    const values = bars.map((c) => c.value).filter((v) => Number.isFinite(v) && v > 0)
    if (values.length) add(panel(title, subtitle, bars, top, logScale(Math.min(...values) / 2, Math.max(...values))))
  }
  logPanel(
    'Main-thread CPU per event, back-to-back calls',
    'Chrome ThreadTime incl. deferred work; median of the runs; log scale; lower is better',
    summary.backToBack
      .filter((r) => r.id !== 'none' && r.id !== 'snapshot')
      .map((r) => ({
        label: r.label,
        value: r.cpu.median,
        text: Number.isFinite(r.cpu.median) ? `${r.cpu.median.toFixed(1)} µs${r.calls < 10_000 ? ` (${r.calls} calls)` : ''}` : r.crashed ? `renderer crashed (${r.crashed}/${r.runs} runs)` : '–',
        highlight: r.id === 'journeytag',
      })),
  )
  logPanel(
    'Main-thread CPU per event, one call a second',
    'Chrome ThreadTime, idle baseline subtracted; median of the runs; log scale; lower is better',
    summary.spaced.filter((r) => r.id !== 'none' && r.id !== 'snapshot').map((r) => ({ label: r.label, value: r.cpu.median, text: `${r.cpu.median.toFixed(1)} µs`, highlight: r.id === 'journeytag' })),
  )
  const offline = summary.faults.map((f) => ({ label: f.label, value: f.pct.median, text: `${f.pct.median.toFixed(0)} %`, highlight: f.id === 'journeytag' }))
  if (offline.length) add(panel('Events delivered after offline + reload', '100 events tracked offline, page left, network back, page reopened; higher is better', offline, top, linear(100)))
  const height = top + 10
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + BAR_W + 140}" height="${height}" viewBox="0 0 ${LABEL_W + BAR_W + 140} ${height}" font-family="system-ui, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${panels.map((p) => p.svg).join('\n')}
</svg>
`
}
