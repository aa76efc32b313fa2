/** Starts the tracker with an in-memory collector, for the capture and context tests. */
import { flush, init } from '../../src/tracker'
import type { TouchpointEvent } from '../../src/contract/event'

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))

export function startTracking(options: Record<string, unknown> = {}) {
  const events: TouchpointEvent[] = []
  const bodies: string[] = []
  init({
    transport: async ({ body }: { body: string | Blob }) => {
      const text = typeof body === 'string' ? body : await body.text()
      bodies.push(text)
      events.push(...JSON.parse(text).events)
      return { status: 200 }
    },
    autoPageviews: false,
    ...options,
  } as never)
  return {
    events,
    bodies,
    /** Lets pending timers and rules settle, then delivers what is queued. */
    async delivered(ms = 0) {
      await tick(ms)
      await flush()
      return events
    },
  }
}
