/**
 * The README's bench block, rendered from results.json so the README and results.md
 * can never disagree. Only the lines between the start and end markers are rewritten.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Results } from './results'
import { summarize } from './summary'
import { spread } from './stats'
import { big, kb, num, ratio } from './format'

const START = '<!-- bench:start'
const END = '<!-- bench:end -->'

export function renderReadmeBlock(results: Results): string {
  const { backToBack, spaced, faults, sizes } = summarize(results)
  const r = results.runs
  const out: string[] = []
  const [version, commit] = results.environment.packages.journeytag!.split(/ \(| /)
  out.push(`Measured on ${results.environment.date.slice(0, 10)} (journeytag ${version} at ${commit}) on a shared ${results.environment.cores}-core machine; every figure and ratio, with the runs' ranges, the versions and every non-default peer setting, is in [bench/results.md](bench/results.md). Ratios are journeytag ÷ peer, paired run by run, median (min–max); below 1, journeytag is smaller or cheaper.`, '')
  out.push('| SDK | gzip (init + track) | journeytag ÷ row | keeps unsent events across reload/offline |', '| --- | ---: | ---: | --- |')
  for (const s of sizes) {
    const keeps = s.id === 'journeytag-global' ? 'yes: IndexedDB' : s.sdk?.keeps ? `${s.sdk.keeps.verdict}: ${s.sdk.keeps.how}` : ''
    const mark = s.reference ? '²' : s.scriptFile ? '¹' : s.injectsScripts ? '³' : ''
    const bold = s.id.startsWith('journeytag')
    out.push(`| ${bold ? `**${s.label}**` : s.label} | ${bold ? `**${kb(s.all.gzip)}**` : kb(s.all.gzip)}${mark} | ${num(s.ratio, 2)}× | ${keeps} |`)
  }
  out.push('')
  out.push(`| SDK | back-to-back: sync µs/call | back-to-back: main-thread CPU µs/event | ratio (CPU) | spaced 1/s: sync µs/call | spaced 1/s: main-thread CPU µs/event | ratio (CPU) | delivered after offline + reload |`)
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of backToBack.filter((x) => x.id !== 'none')) {
    const sp = spaced.find((x) => x.id === row.id)
    const f = faults.find((x) => x.id === row.id)
    const bold = row.id.startsWith('journeytag')
    const lowerBound = row.calls < 10_000 ? '⁴' : ''
    const cell = (v: string) => (bold ? `**${v}**` : v)
    // A renderer that crashed left no CPU figure: say so rather than blame the time budget.
    const cpu = Number.isFinite(row.cpu.median) ? `${cell(big(row.cpu.median))}${lowerBound}` : row.crashed ? `– (renderer crashed in ${row.crashed}/${row.runs} runs)` : '–'
    out.push(`| ${cell(row.label)} | ${cell(big(row.sync.median))}${lowerBound} | ${cpu} | ${row.id === 'journeytag' ? '1.00×' : ratio(row.ratioCpu)} | ${sp ? cell(big(sp.sync.median)) : '–'} | ${sp ? cell(big(sp.cpu.median)) : '–'} | ${row.id === 'journeytag' ? '1.00×' : ratio(sp?.ratioCpu)} | ${f ? cell(`${num(f.pct.median, 0)} %`) : '–'} |`)
  }
  out.push('')
  const d = results.durability
  const durability = d.length
    ? ` journeytag: an event is readable in IndexedDB ${num(spread(d.map((x) => x.idbLatencyMedian)).median, 1)} ms after \`track()\` (median), about ${big(Math.round(spread(d.map((x) => x.persistedPerSecond)).median / 100) * 100)} events/s persist with the collector down.`
    : ''
  out.push(`Back-to-back: 10,000 calls (or ${num(r.budgetMs / 1000, 0)} s of them), ${r.mainThread} runs. Spaced: ${r.spacedCalls} calls ${r.spacedGapMs} ms apart, idle baseline subtracted, ${r.spaced} runs. "main-thread CPU" is Chrome's ThreadTime (CDP), so it includes deferred work, timers and IndexedDB callbacks, not just the call.${durability}`, '')
  out.push('¹ the npm package ships the tracker only as a script file; that file, minified. ² not on npm: measured once by hand from the vendor\'s served file (see results.md). ³ creates `<script>` elements or fetches plugins at run time: a lower bound. ⁴ stopped by the time budget before 10,000 calls: a lower bound for SDKs whose cost grows with their backlog. The floor row is no SDK: what any tracker that snapshots a call must do (read the time, URL and title, copy the properties), net of the harness like every row; a page woken from a second of idle pays tens of µs even for that, so no tracker\'s spaced call can come close to 1 µs.')
  return out.join('\n')
}

/** Rewrites the lines between the markers in `readmePath`; fails loudly when a marker is missing. */
export function writeReadmeBlock(readmePath: string, results: Results): void {
  const text = readFileSync(readmePath, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start < 0 || end < start) throw new Error(`${readmePath}: no "${START} … ${END}" markers`)
  const afterStart = text.indexOf('\n', start) + 1
  writeFileSync(readmePath, text.slice(0, afterStart) + renderReadmeBlock(results) + '\n\n' + text.slice(end))
}
