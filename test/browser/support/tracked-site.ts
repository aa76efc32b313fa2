/**
 * The usual browser-test world: a collector, the repository served as a static
 * site whose example pages point at that collector, and a fresh Chromium.
 * Registers its own beforeAll/afterAll; read the parts after they have run.
 */
import { afterAll, beforeAll } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { launchBrowser } from './browser'
import { startCollector, startStaticServer } from './servers'

export function useTrackedSite() {
  const world = {} as {
    browser: BrowserContext
    site: Awaited<ReturnType<typeof startStaticServer>>
    collector: Awaited<ReturnType<typeof startCollector>>
  }
  beforeAll(async () => {
    world.collector = await startCollector()
    world.site = await startStaticServer({ rewrite: { 'http://127.0.0.1:8787/collect': world.collector.url } })
    world.browser = await launchBrowser()
  })
  afterAll(async () => {
    await world.browser?.close()
    await world.site?.close()
    await world.collector?.close()
  })
  return world
}
