/**
 * Writes bench/results.md, bench/results.svg and the README's bench block from a run's
 * results. Standalone (`npm run --prefix bench report`) it re-renders all three from
 * bench/results.json alone.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BENCH, ROOT } from './build'
import { SDKS } from './sdks'
import type { Results } from './results'
import { renderMarkdown } from './markdown'
import { writeReadmeBlock } from './readme'
import { summarize } from './summary'
import { chart } from './chart'

export type { Results }

export function writeReport(measured: Results): void {
  // Descriptions come from sdks.ts (code, not measurements), so a re-render picks up corrected wording.
  const results = { ...measured, sdks: measured.sdks.map((s) => SDKS.find((x) => x.id === s.id) ?? s) }
  writeFileSync(join(BENCH, 'results.md'), renderMarkdown(results))
  writeFileSync(join(BENCH, 'results.svg'), chart(results, summarize(results)))
  // A subset run (BENCH_ONLY) leaves the README alone: its block describes the full set.
  if (!process.env.BENCH_ONLY) writeReadmeBlock(join(ROOT, 'README.md'), results)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeReport(JSON.parse(readFileSync(join(BENCH, 'results.json'), 'utf8')) as Results)
}
