/**
 * Spaced calls, as a real page makes them: CALLS track() calls GAP_MS apart. Each
 * SDK on its own fresh page; once ready and settled, the page idles for IDLE_MS
 * (its background rate: the SDK's timers, the renderer), then makes the calls and
 * waits TAIL_MS for their deferred work (batch timers, IndexedDB, sending).
 * Main-thread CPU per event = (CDP ThreadTime over calls + tail − idle rate × that
 * time) ÷ CALLS. All SDKs of one run go at the same time, each in its own browser:
 * the pages sit idle almost all the time, and CPU time, unlike wall time, is not
 * stretched by a neighbour; it also pairs run i of every SDK in one machine state.
 */
import type { BenchServer } from './server'
import type { Sdk } from './sdks'
import { elapsed, freshPage, sleep, threadClock } from './browser'
import { perMs } from './main-thread'
import { newPrefix } from './tokens'

export const CALLS = Number(process.env.BENCH_SPACED_CALLS ?? 30)
export const GAP_MS = 1_000
export const IDLE_MS = 20_000
export const TAIL_MS = 4_000
const SETTLE_MS = 3_000

export interface SpacedRun {
  /** Mean µs inside one track() call (performance.now(), 5 µs steps per call). */
  syncMean: number
  /** The same without the first call, which also pays for anything the SDK sets up lazily. */
  syncMeanAfterFirst: number
  /** µs of each call, in order. */
  syncSamples: number[]
  /** Main-thread CPU µs per event, idle rate subtracted (CDP ThreadTime). */
  cpuPerEvent: number
  /** Main-thread task wall µs per event, idle rate subtracted (CDP TaskDuration). */
  taskPerEvent: number
  /** Main-thread CPU µs per second while idle (the subtracted baseline). */
  idleCpuPerSecond: number
  /** Events at the server by the end of the tail. */
  delivered: number
  errors: string[]
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)

async function spacedRun(server: BenchServer, sdk: Sdk): Promise<SpacedRun> {
  const { context, page, errors, close } = await freshPage()
  try {
    await page.goto(`${server.origin}/page/${sdk.id}.html`)
    await page.evaluate(() => (window as any).__bench.ready)
    await sleep(SETTLE_MS)
    const clock = await threadClock(context, page)
    const c0 = await clock()
    const t0 = performance.now()
    await sleep(IDLE_MS)
    const c1 = await clock()
    const t1 = performance.now()
    const prefix = newPrefix()
    const sync = (await page.evaluate(([p, n, gap]) => (window as any).__bench.spacedCalls(p, n, gap), [prefix, CALLS, GAP_MS] as const)) as number[]
    await sleep(TAIL_MS)
    const c2 = await clock()
    const t2 = performance.now()
    const idle = perMs(elapsed(c0, c1), t1 - t0)
    const busy = elapsed(c1, c2)
    return {
      syncMean: mean(sync),
      syncMeanAfterFirst: mean(sync.slice(1)),
      syncSamples: sync,
      cpuPerEvent: (busy.threadUs - idle.threadUs * (t2 - t1)) / CALLS,
      taskPerEvent: (busy.taskUs - idle.taskUs * (t2 - t1)) / CALLS,
      idleCpuPerSecond: idle.threadUs * 1000,
      delivered: server.delivered(prefix),
      errors: [...new Set(errors)].slice(0, 5),
    }
  } finally {
    await close()
  }
}

/** One run of every SDK at once; a failed page yields NaN figures rather than sinking the run. */
export async function spacedRound(server: BenchServer, sdks: Sdk[]): Promise<Record<string, SpacedRun>> {
  const failed = (error: Error): SpacedRun => ({ syncMean: NaN, syncMeanAfterFirst: NaN, syncSamples: [], cpuPerEvent: NaN, taskPerEvent: NaN, idleCpuPerSecond: NaN, delivered: 0, errors: [error.message.slice(0, 300)] })
  const runs = await Promise.all(sdks.map((sdk) => spacedRun(server, sdk).catch(failed)))
  return Object.fromEntries(sdks.map((sdk, i) => [sdk.id, runs[i]!]))
}
