/**
 * One Chromium per test file, and per test a fresh site (a new origin) and
 * collector, closed after the test whatever happened.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { launchBrowser } from './browser'
import { startCollector } from './servers'
import { startHungCollector, startSite, watchedTab } from './hardening-site'

export type Collector = Awaited<ReturnType<typeof startCollector>>
export type Site = Awaited<ReturnType<typeof startSite>>

/** `launch` goes to launchBrowser; `false` for a file that drives a browser of its own (no playwright context). */
export function useHardeningWorld(launch: Parameters<typeof launchBrowser>[0] | false = {}) {
  let browser: BrowserContext
  const cleanups: Array<() => Promise<unknown>> = []
  beforeAll(async () => {
    if (launch) browser = await launchBrowser(launch)
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
  })
  const owned = <T extends { close(): Promise<unknown> }>(thing: T): T => {
    cleanups.push(() => thing.close())
    return thing
  }
  return {
    get browser() {
      return browser
    },
    site: async () => owned(await startSite()),
    collector: async (options: Parameters<typeof startCollector>[0] = {}) => owned(await startCollector(options)),
    hungCollector: async () => owned(await startHungCollector()),
    /** A tab closed after the test, recording console errors and page errors. */
    tab: async () => {
      const watched = await watchedTab(browser)
      cleanups.push(() => watched.tab.close())
      return watched
    },
    /** Runs `cleanup` after the test. */
    later: (cleanup: () => Promise<unknown>) => void cleanups.push(cleanup),
  }
}
