/**
 * The delivery pipeline behind track(): holds events, sends them in batches, and
 * keeps a batch until the collector acknowledges it with a 2xx.
 */
import type { TouchpointEvent } from '../event'
import type { ResolvedOptions } from '../options'
import { logDebug } from '../log'
import { toBatch } from './batch'
import { fetchTransport } from './transport'

/** The queue the tracker hands events to. */
export interface Delivery {
  enqueue(event: TouchpointEvent): void
  flush(): Promise<void>
  stop(): void
}

/** Creates the delivery pipeline for the given options. */
export function createDelivery(options: ResolvedOptions): Delivery {
  const pending: TouchpointEvent[] = []
  const transport = options.transport ?? fetchTransport
  let inFlight: Promise<void> | undefined

  async function sendOnce(keepalive: boolean): Promise<void> {
    const url = options.endpoint
    while (pending.length && (url || options.transport)) {
      const events = pending.slice(0, options.batchSize)
      const body = JSON.stringify(toBatch(events))
      // text/plain keeps the request CORS-simple (no preflight) and beacon-compatible; the body is JSON.
      const headers = { 'content-type': 'text/plain;charset=UTF-8', ...options.headers }
      const response = await transport({ url: url ?? '', body, headers, keepalive })
      logDebug('batch of', events.length, '→', response.status)
      if (response.status < 200 || response.status >= 300) return // kept for the next flush
      pending.splice(0, events.length)
    }
  }

  function flush(keepalive = false): Promise<void> {
    inFlight ??= sendOnce(keepalive).finally(() => (inFlight = undefined))
    return inFlight
  }

  const timer = setInterval(() => void flush(), options.flushInterval)
  const onPageHide = () => void flush(true)
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') void flush(true)
  }
  addEventListener('pagehide', onPageHide)
  document.addEventListener('visibilitychange', onVisibility)

  return {
    enqueue(event) {
      pending.push(event)
      if (pending.length >= options.batchSize) void flush()
    },
    flush: () => flush(),
    stop() {
      clearInterval(timer)
      removeEventListener('pagehide', onPageHide)
      document.removeEventListener('visibilitychange', onVisibility)
    },
  }
}
