/**
 * `npm run bench`: sizes, main-thread cost, journeytag durability, delivery under
 * faults; writes results.md, results.svg and results.json beside this folder.
 * Environment: BENCH_RUNS (default 5), BENCH_FAULT_RUNS (2), BENCH_DURABILITY_RUNS (3),
 * BENCH_ONLY=id,id (a subset, for trying things; the report then covers only those).
 * A benchmark, not a test: it asserts nothing about time.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH, OUT, bundlePage } from './build'
import { SDKS } from './sdks'
import { measureSizes } from './size'
import { startServer } from './server'
import { BUDGET_MS, mainThreadRun, type MainThreadRun } from './main-thread'
import { durabilityRun, type DurabilityRun } from './durability'
import { faultRun, type FaultRun } from './faults'
import { describeEnvironment } from './environment'
import { writeReport } from './report'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const FAULT_RUNS = Number(process.env.BENCH_FAULT_RUNS ?? 2)
const DURABILITY_RUNS = Number(process.env.BENCH_DURABILITY_RUNS ?? 3)
const only = process.env.BENCH_ONLY?.split(',')
const sdks = only ? SDKS.filter((s) => only.includes(s.id)) : SDKS
const log = (...args: unknown[]) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...args)
const started = Date.now()

const environment = describeEnvironment()
log(`${environment.cpu} ×${environment.cores}, load ${environment.loadBefore.join(' ')}; ${RUNS} runs`)

log('size: bundling the minimal usage of each SDK')
const sizes = await measureSizes(sdks)

const pagesDir = join(OUT, 'pages')
rmSync(pagesDir, { recursive: true, force: true })
mkdirSync(pagesDir, { recursive: true })
const driven = sdks.filter((s) => s.adapter)
for (const sdk of driven) await bundlePage(join(BENCH, 'src/adapters', sdk.adapter!), join(pagesDir, `${sdk.id}.js`))
const server = await startServer(pagesDir)

// Runs interleave the SDKs (run 1 of each, then run 2 of each...) so a burst of load from elsewhere on the machine spreads over all of them.
const mainThread: Record<string, MainThreadRun[]> = {}
for (let run = 1; run <= RUNS; run++) {
  for (const sdk of driven) {
    const result = await mainThreadRun(server, sdk)
    ;(mainThread[sdk.id] ??= []).push(result)
    log(`main thread ${run}/${RUNS} ${sdk.id}: ${result.syncMedian.toFixed(2)} µs/call (with deferred ${result.deferredMedian.toFixed(2)}), heap ${(result.heapBytes / 1e6).toFixed(1)} MB, ${result.deliveredSoFar} at server, ready=${result.ready}, ${result.calls} calls in ${result.elapsedMs.toFixed(0)} ms, isolated=${result.isolated}${result.crashed ? " CRASHED" : ""}${result.errors.length ? `, errors: ${result.errors.join(' | ').slice(0, 300)}` : ''}`)
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
for (let run = 1; run <= FAULT_RUNS; run++) {
  for (const sdk of driven.filter((s) => s.id !== 'none')) {
    const result = await faultRun(server, sdk)
    ;(faults[sdk.id] ??= []).push(result)
    log(`faults ${run}/${FAULT_RUNS} ${sdk.id}: ${result.deliveredPct}% in ${result.ms} ms`)
  }
}
await server.close()

environment.loadAfter = environment.readLoad()
environment.durationS = Math.round((Date.now() - started) / 1000)
const results = { environment, runs: { mainThread: RUNS, faults: FAULT_RUNS, durability: DURABILITY_RUNS, budgetMs: BUDGET_MS }, sdks, sizes, mainThread, durability, faults }
writeFileSync(join(BENCH, 'results.json'), JSON.stringify(results, null, 1) + '\n')
writeReport(results)
log('wrote bench/results.md, bench/results.svg, bench/results.json')
