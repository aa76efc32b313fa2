/**
 * Back-to-back calls: each SDK alone on its own page in a fresh Chromium profile,
 * 10,000 track() calls in batches of 100 (a task boundary between batches),
 * per-call time of each batch, long tasks, the JS heap after a forced GC, and the
 * main thread's CPU time (CDP ThreadTime) from the first call to the end of the
 * settle time, less the page's idle rate measured just before.
 */
import type { BenchServer } from './server'
import type { Sdk } from './sdks'
import { elapsed, freshPage, heapAfterGc, sleep, threadClock, type ThreadClock } from './browser'
import { quantile } from './stats'
import { newPrefix } from './tokens'

export const CALLS = 10_000
export const BATCH = 100
/** After the last call: deferred work (batching, IndexedDB, sending) still counts for this long. */
export const SETTLE_MS = 3_000
/** The page's own background cost (timers of the SDK, the renderer) measured for this long before the calls. */
export const IDLE_MS = 2_000
/** Wall-clock cap on one run's calls (see harness.mainThread). */
export const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 5_000)

export interface MainThreadRun {
  /** µs per track() call, synchronous part: median and p99 over the batches. */
  syncMedian: number
  syncP99: number
  /** µs per call including the work the calls queued up to the next task (promise chains of async SDKs). */
  deferredMedian: number
  deferredP99: number
  longTaskCount: number
  longTaskMs: number
  heapBytes: number
  /** Events that reached the server by the end of the settle time. */
  deliveredSoFar: number
  /** Main-thread CPU µs per call, from the first call to the end of the settle time, idle rate subtracted (CDP ThreadTime). */
  cpuPerCall: number
  /** The same with the main thread's task wall time (CDP TaskDuration). */
  taskPerCall: number
  /** Renderer process CPU µs per call (all threads; 10 ms steps, so coarse). */
  processPerCall: number
  /** Main-thread CPU µs per second of the idle page before the calls. */
  idleCpuPerSecond: number
  /** Calls made: CALLS unless the time budget ran out first. */
  calls: number
  elapsedMs: number
  /** Cross-origin isolated page: performance.now() at 5 µs resolution instead of 100 µs. */
  isolated: boolean
  /** The page's renderer crashed before the calls were done; figures cover the batches before the crash. */
  crashed: boolean
  ready: string
  errors: string[]
}

export async function mainThreadRun(server: BenchServer, sdk: Sdk): Promise<MainThreadRun> {
  const { context, page, errors, close } = await freshPage()
  try {
    await page.goto(`${server.origin}/page/${sdk.id}.html`)
    const ready = await page.evaluate(() => (window as any).__bench.ready as Promise<string>)
    // Long enough for start-up work (config, storage, first sends) to end, so the idle rate is the page's steady state.
    await sleep(1_500)
    const clock = await threadClock(context, page)
    const idle0 = await clock()
    const tIdle = performance.now()
    await sleep(IDLE_MS)
    const idle1 = await clock()
    const tCalls = performance.now()
    const idleRate = perMs(elapsed(idle0, idle1), tCalls - tIdle)
    const prefix = newPrefix()
    const progress = { calls: 0, sync: [] as number[], withDeferred: [] as number[] }
    page.on('console', (message) => {
      const text = message.text()
      if (!text.startsWith('bench-progress ')) return
      const step = JSON.parse(text.slice('bench-progress '.length)) as typeof progress
      progress.calls = step.calls
      progress.sync.push(...step.sync)
      progress.withDeferred.push(...step.withDeferred)
    })
    const started = Date.now()
    let crashed = false
    const hang = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('renderer hung (no answer): treated as a crash')), BUDGET_MS + SETTLE_MS + 8_000).unref())
    const result = await Promise.race([hang, page.evaluate(
      ([p, calls, batch, settle, budget]) => (window as any).__bench.mainThread(p, calls, batch, settle, budget),
      [prefix, CALLS, BATCH, SETTLE_MS, BUDGET_MS] as const,
    ) as Promise<{ sync: number[]; withDeferred: number[]; longTasks: number[]; calls: number; elapsedMs: number; isolated: boolean }>]).catch((error: Error) => {
      if (!/crash/i.test(error.message)) throw error
      // The renderer died (seen with queues kept in localStorage): keep the batches it reported.
      crashed = true
      return { ...progress, longTasks: [] as number[], elapsedMs: Math.min(Date.now() - started, BUDGET_MS), isolated: true }
    })
    const done = crashed ? undefined : await clock()
    const span = done ? elapsed(idle1, done) : undefined
    const windowMs = performance.now() - tCalls
    const less = (key: keyof ThreadClock) => (span ? (span[key] - idleRate[key] * windowMs) / result.calls : NaN)
    const heapBytes = crashed ? NaN : await heapAfterGc(context, page)
    return {
      syncMedian: quantile(result.sync, 0.5),
      syncP99: quantile(result.sync, 0.99),
      deferredMedian: quantile(result.withDeferred, 0.5),
      deferredP99: quantile(result.withDeferred, 0.99),
      longTaskCount: result.longTasks.length,
      longTaskMs: result.longTasks.reduce((a, b) => a + b, 0),
      heapBytes,
      cpuPerCall: less('threadUs'),
      taskPerCall: less('taskUs'),
      processPerCall: less('processUs'),
      idleCpuPerSecond: idleRate.threadUs * 1000,
      deliveredSoFar: server.delivered(prefix),
      calls: result.calls,
      elapsedMs: result.elapsedMs,
      isolated: result.isolated,
      crashed,
      ready,
      errors: [...new Set(errors)].slice(0, 5),
    }
  } finally {
    await close()
  }
}

/** A clock difference per ms of wall time. */
export const perMs = (d: ThreadClock, ms: number): ThreadClock => ({ threadUs: d.threadUs / ms, taskUs: d.taskUs / ms, processUs: d.processUs / ms })
