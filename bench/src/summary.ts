/**
 * Figures the reports print, computed from results.json alone: medians with the
 * range of the runs, and journeytag ÷ peer as paired per-run ratios with their range.
 */
import type { Results } from './results'
import { pairedRatios, reproduces, spread, type Spread } from './stats'

const JT = 'journeytag'

/**
 * One figure of every run of `id`, less run i of the harness-only page ('none') where there is
 * one: the harness's own cost (its loop, its timers waking an idle page) is then not counted
 * for any SDK. The 'none' row itself stays raw.
 */
function net<T>(runs: Record<string, T[]>, id: string, pick: (run: T) => number): number[] {
  const harness = runs.none
  const value = (run: T) => finite(pick(run))
  return runs[id]!.map((run, i) => (id === 'none' || !harness?.[i] ? value(run) : value(run) - value(harness[i]!)))
}

/** results.json stores NaN (a crashed run's missing figure) as null, which arithmetic would turn into 0. */
const finite = (v: number | null) => (typeof v === 'number' ? v : NaN)

/** journeytag ÷ peer of one figure, run i against run i. */
function versus<T>(runs: Record<string, T[]>, id: string, pick: (run: T) => number): Spread | undefined {
  if (!runs[JT] || id === JT || id === 'none' || !runs[id]) return undefined
  return pairedRatios(net(runs, JT, pick), net(runs, id, pick))
}

export function summarize(results: Results) {
  const label = (id: string) => results.sdks.find((s) => s.id === id)?.label ?? id
  const backToBack = Object.entries(results.mainThread).map(([id, runs]) => {
    const longTasks = runs.map((r) => r.longTaskCount)
    return {
      id,
      label: label(id),
      calls: Math.min(...runs.map((r) => r.calls)),
      crashed: runs.filter((r) => r.crashed).length,
      runs: runs.length,
      sync: spread(net(results.mainThread, id, (r) => r.syncMedian)),
      syncP99: spread(runs.map((r) => r.syncP99)),
      deferred: spread(net(results.mainThread, id, (r) => r.deferredMedian)),
      cpu: spread(net(results.mainThread, id, (r) => r.cpuPerCall)),
      idle: spread(runs.map((r) => r.idleCpuPerSecond)),
      longTasks: spread(longTasks),
      longTasksReproduce: reproduces(longTasks),
      heap: spread(runs.map((r) => finite(r.heapBytes) / 2 ** 20)),
      delivered: spread(runs.map((r) => r.deliveredSoFar)),
      ratioSync: versus(results.mainThread, id, (r) => r.syncMedian),
      ratioCpu: versus(results.mainThread, id, (r) => r.cpuPerCall),
      ratioHeap: versus(results.mainThread, id, (r) => finite(r.heapBytes)),
    }
  })
  const spaced = Object.entries(results.spaced ?? {}).map(([id, runs]) => ({
    id,
    label: label(id),
    runs: runs.length,
    sync: spread(net(results.spaced, id, (r) => r.syncMean)),
    syncAfterFirst: spread(net(results.spaced, id, (r) => r.syncMeanAfterFirst)),
    cpu: spread(net(results.spaced, id, (r) => r.cpuPerEvent)),
    cpuRaw: spread(runs.map((r) => r.cpuPerEvent)),
    idle: spread(runs.map((r) => r.idleCpuPerSecond)),
    delivered: spread(runs.map((r) => r.delivered)),
    ratioSync: versus(results.spaced, id, (r) => r.syncMean),
    ratioCpu: versus(results.spaced, id, (r) => r.cpuPerEvent),
  }))
  const faults = Object.entries(results.faults).map(([id, runs]) => ({
    id,
    label: label(id),
    pct: spread(runs.map((r) => r.deliveredPct)),
    ms: spread(runs.filter((r) => r.deliveredPct === 100).map((r) => r.ms)),
  }))
  const jtSize = results.sizes.find((s) => s.id === JT)
  const sizes = results.sizes.map((s) => ({ ...s, ratio: jtSize ? jtSize.all.gzip / s.all.gzip : NaN, sdk: results.sdks.find((x) => x.id === s.id) }))
  return { backToBack, spaced, faults, sizes }
}

export type Summary = ReturnType<typeof summarize>
