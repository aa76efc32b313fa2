/** Page-side helpers shared by the hardening tests. */
import type { Page } from 'playwright-core'
import { QUEUE_SNIPPET } from './hardening-site'

/** The snippet plus a queued init() with these options (JSON only: no functions). */
export const initWith = (options: Record<string, unknown>, extra = '') => `${QUEUE_SNIPPET};journeytag('init', ${JSON.stringify(options)});${extra}`

type Jt = { track(type: string, properties?: object): void; flush(): Promise<void> }

/** Calls journeytag.track(type, properties) `count` times in one task, with `n` = 0..count-1 added to the properties. */
export const trackMany = (tab: Page, type: string, count: number, properties: object = {}) =>
  tab.evaluate(
    ([t, c, p]) => {
      const jt = (window as unknown as { journeytag: Jt }).journeytag
      for (let n = 0; n < c; n++) jt.track(t, { ...p, n })
    },
    [type, count, properties] as const,
  )

/** journeytag.flush() in the tab. */
export const flushIn = (tab: Page) => tab.evaluate(() => (window as unknown as { journeytag: Jt }).journeytag.flush())
