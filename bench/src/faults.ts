/**
 * Delivery under faults: the browser goes offline, the visitor triggers 100
 * events (5 ms apart), the page is left while still offline, the network comes
 * back and the visitor returns to the page. What share of the 100 events reach
 * the server within WAIT_MS (15 s) of the return?
 */
import type { BenchServer } from './server'
import type { Sdk } from './sdks'
import { freshPage, pollUntil, sleep } from './browser'
import { newPrefix } from './tokens'

export const EVENTS = 100
export const WAIT_MS = 15_000

export interface FaultRun {
  deliveredPct: number
  /** ms after the return until the last of them arrived. */
  ms: number
}

export async function faultRun(server: BenchServer, sdk: Sdk): Promise<FaultRun> {
  const { context, page, close } = await freshPage()
  try {
    const url = `${server.origin}/page/${sdk.id}.html`
    await page.goto(url)
    await page.evaluate(() => (window as any).__bench.ready)
    await sleep(300)
    const prefix = newPrefix()
    await context.setOffline(true)
    await page.evaluate(([p, n]) => (window as any).__bench.trackSpaced(p, n, 5), [prefix, EVENTS] as const)
    await sleep(1_000)
    await page.goto('about:blank')
    await context.setOffline(false)
    await page.goto(url)
    await page.evaluate(() => (window as any).__bench.ready)
    const result = await pollUntil(() => server.delivered(prefix), (n) => n >= EVENTS, { timeoutMs: WAIT_MS, everyMs: 100 })
    return { deliveredPct: (100 * result.value) / EVENTS, ms: result.ms }
  } finally {
    await close()
  }
}
