/**
 * `npm run bench`: sizes, main-thread cost (back-to-back and spaced calls), journeytag
 * durability, delivery under faults; writes results.json, results.md, results.svg and
 * the README's bench block.
 * Environment: BENCH_RUNS (back-to-back runs, default 3), BENCH_SPACED_RUNS (3),
 * BENCH_SPACED_CALLS (30), BENCH_FAULT_RUNS (2), BENCH_DURABILITY_RUNS (2),
 * BENCH_BUDGET_MS (5000), BENCH_ONLY=id,id (a subset, for trying things; the README is then left alone).
 * A benchmark, not a test: it asserts nothing about time.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH, OUT, ROOT, bundlePage } from './build'
import { SDKS } from './sdks'
import { measureSizes } from './size'
import { startServer } from './server'
import { BUDGET_MS, SETTLE_MS, mainThreadRun, type MainThreadRun } from './main-thread'
import { CALLS as SPACED_CALLS, GAP_MS, IDLE_MS, TAIL_MS, spacedRound, type SpacedRun } from './spaced'
import { durabilityRun, type DurabilityRun } from './durability'
import { faultRun, type FaultRun } from './faults'
import { describeEnvironment } from './environment'
import { writeReport } from './report'
import type { Results } from './results'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const SPACED_RUNS = Number(process.env.BENCH_SPACED_RUNS ?? 3)
const FAULT_RUNS = Number(process.env.BENCH_FAULT_RUNS ?? 2)
const DURABILITY_RUNS = Number(process.env.BENCH_DURABILITY_RUNS ?? 2)
/** Fault runs at once: each is mostly waiting, but every one is a whole Chromium on 2 cores. */
const FAULT_CONCURRENCY = 6
const only = process.env.BENCH_ONLY?.split(',')
const sdks = only ? SDKS.filter((s) => only.includes(s.id)) : SDKS
const started = Date.now()
const log = (...args: unknown[]) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...args)

const environment = describeEnvironment()
log(`${environment.cpu} ×${environment.cores}, load ${environment.loadBefore.join(' ')}; ${RUNS} back-to-back runs, ${SPACED_RUNS} spaced runs`)

log('size: bundling the minimal usage of each SDK')
const sizes = await measureSizes(sdks)

const pagesDir = join(OUT, 'pages')
rmSync(pagesDir, { recursive: true, force: true })
mkdirSync(pagesDir, { recursive: true })
const driven = sdks.filter((s) => s.adapter)
for (const sdk of driven) await bundlePage(join(BENCH, 'src/adapters', sdk.adapter!), join(pagesDir, `${sdk.id}.js`))
// The script tag as shipped, for the journeytag-tag page (its name must contain "journeytag", as a CDN path would).
copyFileSync(join(ROOT, 'dist/journeytag.global.js'), join(pagesDir, 'journeytag-script.js'))
const server = await startServer(pagesDir)

// Back-to-back runs interleave the SDKs (run 1 of each, then run 2 of each...) so a burst of load from elsewhere on the machine spreads over all of them.
const mainThread: Record<string, MainThreadRun[]> = {}
for (let run = 1; run <= RUNS; run++) {
  for (const sdk of driven) {
    const result = await mainThreadRun(server, sdk)
    ;(mainThread[sdk.id] ??= []).push(result)
    log(`back-to-back ${run}/${RUNS} ${sdk.id}: sync ${result.syncMedian.toFixed(2)} µs/call, CPU ${result.cpuPerCall.toFixed(2)} µs/event (idle ${result.idleCpuPerSecond.toFixed(0)} µs/s), heap ${(result.heapBytes / 1e6).toFixed(1)} MB, ${result.deliveredSoFar} at server, ready=${result.ready}, ${result.calls} calls in ${result.elapsedMs.toFixed(0)} ms, long tasks ${result.longTaskCount}${result.crashed ? ' CRASHED' : ''}${result.errors.length ? `, errors: ${result.errors.join(' | ').slice(0, 300)}` : ''}`)
  }
}

const spaced: Record<string, SpacedRun[]> = {}
for (let run = 1; run <= SPACED_RUNS; run++) {
  const round = await spacedRound(server, driven)
  for (const [id, result] of Object.entries(round)) {
    ;(spaced[id] ??= []).push(result)
    log(`spaced ${run}/${SPACED_RUNS} ${id}: sync ${result.syncMean.toFixed(2)} µs/call, CPU ${result.cpuPerEvent.toFixed(1)} µs/event (idle ${result.idleCpuPerSecond.toFixed(0)} µs/s), ${result.delivered} at server${result.errors.length ? `, errors: ${result.errors.join(' | ').slice(0, 200)}` : ''}`)
  }
}

const durability: DurabilityRun[] = []
if (driven.some((s) => s.id === 'journeytag')) {
  for (let run = 1; run <= DURABILITY_RUNS; run++) {
    const result = await durabilityRun(server)
    durability.push(result)
    log(`durability ${run}/${DURABILITY_RUNS}: ${JSON.stringify(result)}`)
  }
}

const faults: Record<string, FaultRun[]> = {}
// The harness and the snapshot floor send nothing: no delivery to measure.
const faulted = driven.filter((s) => s.id !== 'none' && s.id !== 'snapshot')
for (let run = 1; run <= FAULT_RUNS; run++) {
  for (let i = 0; i < faulted.length; i += FAULT_CONCURRENCY) {
    const group = faulted.slice(i, i + FAULT_CONCURRENCY)
    const results = await Promise.all(group.map((sdk) => faultRun(server, sdk)))
    group.forEach((sdk, j) => {
      ;(faults[sdk.id] ??= []).push(results[j]!)
      log(`faults ${run}/${FAULT_RUNS} ${sdk.id}: ${results[j]!.deliveredPct}% in ${results[j]!.ms} ms`)
    })
  }
}
await server.close()

environment.loadAfter = environment.readLoad()
environment.durationS = Math.round((Date.now() - started) / 1000)
const { readLoad: _, ...env } = environment
const results: Results = {
  environment: env,
  runs: { mainThread: RUNS, faults: FAULT_RUNS, durability: DURABILITY_RUNS, budgetMs: BUDGET_MS, settleMs: SETTLE_MS, spaced: SPACED_RUNS, spacedCalls: SPACED_CALLS, spacedGapMs: GAP_MS, spacedIdleMs: IDLE_MS, spacedTailMs: TAIL_MS },
  sdks,
  sizes,
  mainThread,
  spaced,
  durability,
  faults,
}
writeFileSync(join(BENCH, 'results.json'), JSON.stringify(results, null, 1) + '\n')
writeReport(results)
log(`wrote bench/results.json, results.md, results.svg${only ? '' : ' and the README bench block'} in ${environment.durationS} s`)
