/** Chromium for the benchmark: the same launcher and flags as the project's browser tests. */
import { execFileSync } from 'node:child_process'
import type { BrowserContext, Page } from 'playwright-core'
import { chromiumPath, launchBrowser } from '../../test/browser/support/browser'

export { launchBrowser }

/** "Chromium 131.0.6778.85 …" as the binary reports itself. */
export function chromiumVersion(): string {
  return execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim()
}

/** A fresh profile (empty storage), its first page, and a close() for both. */
export async function freshPage(): Promise<{ context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await launchBrowser()
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  return { context, page, errors, close: () => context.close() }
}

/** Used JS heap after a forced GC, in bytes (Chrome DevTools Protocol). */
export async function heapAfterGc(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('HeapProfiler.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  await cdp.detach()
  return usedSize
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `value` until `done` says so, or `timeoutMs` passes, or it stops changing for `stallMs`; returns the last value and when it was reached. */
export async function pollUntil(
  value: () => number | Promise<number>,
  done: (v: number) => boolean,
  { timeoutMs, stallMs = timeoutMs, everyMs = 50 }: { timeoutMs: number; stallMs?: number; everyMs?: number },
): Promise<{ value: number; ms: number; complete: boolean }> {
  const t0 = Date.now()
  let last = await value()
  let lastChange = Date.now()
  let reachedAt = Date.now()
  while (!done(last) && Date.now() - t0 < timeoutMs && Date.now() - lastChange < stallMs) {
    await sleep(everyMs)
    const next = await value()
    if (next !== last) {
      last = next
      lastChange = reachedAt = Date.now()
    }
  }
  return { value: last, ms: reachedAt - t0, complete: done(last) }
}

/** Main-thread clocks of one page's renderer, from CDP Performance.getMetrics, in µs. */
export interface ThreadClock {
  /** CPU time of the renderer's main thread: every task, timer, promise job, GC and IndexedDB callback run there. */
  threadUs: number
  /** Wall time of the main thread's tasks. */
  taskUs: number
  /** CPU time of the whole renderer process (all its threads), at 10 ms steps. */
  processUs: number
}

/** Opens a CDP session on `page` and returns a reader of its main-thread clocks. */
export async function threadClock(context: BrowserContext, page: Page): Promise<() => Promise<ThreadClock>> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never)
  return async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    const at = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1e6
    return { threadUs: at('ThreadTime'), taskUs: at('TaskDuration'), processUs: at('ProcessTime') }
  }
}

/** b − a, field by field. */
export const elapsed = (a: ThreadClock, b: ThreadClock): ThreadClock => ({ threadUs: b.threadUs - a.threadUs, taskUs: b.taskUs - a.taskUs, processUs: b.processUs - a.processUs })
