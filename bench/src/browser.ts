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
