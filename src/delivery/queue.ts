/**
 * The delivery pipeline behind track(). Events are written to IndexedDB in
 * coalesced batches, sent in batches under a lock shared by the site's tabs,
 * retried with backoff, and deleted only once the collector answers 2xx:
 * at-least-once delivery, de-duplicated by event id at the collector.
 */
import type { TouchpointEvent } from '../contract/event'
import type { ResolvedOptions } from '../options'
import { logDebug, logWarning } from '../log'
import { applyCaps, byteLength, MAX_BATCH_BYTES, MAX_EVENT_BYTES, MAX_HIDE_BYTES, take, type Queued } from './batch'
import { native } from './formats/native'
import { segment } from './formats/segment'
import { withFlushLock } from './lock'
import { decide, DEFAULT_RETRY, type Decision } from './retry'
import { openStorage } from './storage'
import { fetchTransport, REQUEST_TIMEOUT_MS } from './transport'

/** The queue the tracker hands events to. */
export interface Delivery {
  enqueue(event: TouchpointEvent): void
  /** Sends everything queued now, ignoring any backoff. */
  flush(): Promise<void>
  stop(): void
}

/** Queued bytes that trigger a send before the batch size is reached. */
const FLUSH_BYTES = 64 * 1024

/**
 * Creates the delivery pipeline for the given options.
 * @example
 * const delivery = createDelivery(resolveOptions({ endpoint: '/collect' }).options)
 */
export function createDelivery(options: ResolvedOptions): Delivery {
  const policy = { ...DEFAULT_RETRY, ...options.retry }
  const transport = options.transport || fetchTransport
  const format = options.format === 'segment' ? segment : native
  const storage = openStorage(options.maxQueueSize)
  const canSend = !!(options.endpoint || options.transport)
  const me = Math.random().toString(36).slice(2)
  /** Queued in this tab, not yet written to storage. */
  let buffer: Queued[] = []
  let written: Promise<unknown> = Promise.resolve()
  /** This tab's events not known to be delivered, oldest first: what page hide sends. */
  const mine = new Map<string, Queued>()
  /** Ids being sent by this tab, and ids delivered or dropped whose deletion may not be visible yet. */
  const inflight = new Set<string>()
  const done = new Set<string>()
  let seq = 0
  /** Records this tab wrote since it last read the stored queue. */
  let unread = 0
  let count = 0
  let bytes = 0
  let failures = 0
  let retryAt = 0
  let dropped = 0
  let force = false
  let waiting = false
  let stopped = false
  let chain: Promise<void> = Promise.resolve()
  let writeTimer: ReturnType<typeof setTimeout> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  function persist(): Promise<unknown> {
    clearTimeout(writeTimer)
    writeTimer = undefined
    if (buffer.length) {
      unread += buffer.length
      const write = storage.add(buffer)
      buffer = []
      written = Promise.all([written, write])
    }
    return written
  }

  function settle(batch: Queued[]): Promise<void> {
    for (const r of batch) {
      done.add(r.e.id)
      mine.delete(r.e.id)
    }
    return storage.remove(batch.map((r) => r.e.id))
  }

  async function send(batch: Queued[], keepalive: boolean): Promise<Decision> {
    for (const r of batch) inflight.add(r.e.id)
    const abort = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const json = JSON.stringify(format(batch.map((r) => r.e)))
      // text/plain keeps the request CORS-simple (no preflight) and beacon-compatible; the body is JSON.
      const headers = { 'content-type': 'text/plain;charset=UTF-8', ...options.headers }
      const request = { url: options.endpoint || '', body: json, headers, keepalive, compress: options.compress, signal: abort.signal }
      // A transport that throws, answers nonsense or never answers (raced against the timeout) counts as a network error.
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => (abort.abort(), resolve(undefined)), REQUEST_TIMEOUT_MS)))
      const response = await Promise.race([Promise.resolve(request).then(transport).catch(() => undefined), timeout])
      const status = (response && response.status) || 0
      const decision = decide(status, failures + 1, response && response.retryAfter, policy)
      logDebug(`batch of ${batch.length} → ${status || 'network error'}: ${decision.do}`)
      if (decision.do === 'retry') {
        failures++
        retryAt = Date.now() + decision.wait
        clearTimeout(retryTimer)
        // `limit` counts retries after the first attempt (as in ky): `failures - 1` retries have been made.
        if (failures <= policy.limit) retryTimer = setTimeout(() => void flush(), decision.wait)
        return decision
      }
      failures = 0
      if (decision.do === 'split' && batch.length > 1) return decision
      if (decision.do !== 'ok') logWarning(`the collector refused ${batch.length} events with HTTP ${status}; they are dropped`)
      await settle(batch)
      return decision
    } finally {
      clearTimeout(timer)
      for (const r of batch) inflight.delete(r.e.id)
    }
  }

  async function cycle(): Promise<void> {
    const sendNow = canSend && (force || (Date.now() >= retryAt && failures <= policy.limit))
    force = false
    count = bytes = 0
    const upTo = seq
    await persist()
    // While backing off nothing is sent, and reading the whole queue every flushInterval in every tab would be
    // wasted work; the read also enforces the caps, so a tab that keeps writing still reads once per maxQueueSize.
    if (canSend && !sendNow && unread < options.maxQueueSize) return
    unread = 0
    await withFlushLock(me, async () => {
      const all = await storage.all()
      const present = new Set(all.map((r) => r.e.id))
      for (const id of done) if (!present.has(id)) done.delete(id)
      // Own events gone from storage were delivered by another tab (or dropped): page hide must not resend them.
      for (const [id, r] of mine) if (r.s <= upTo && !present.has(id)) mine.delete(id)
      const { keep, drop } = applyCaps(all, options.maxQueueSize, options.maxEventAge, Date.now())
      if (drop.length) {
        dropped += drop.length
        logDebug(`dropped ${drop.length} queued events over maxQueueSize or maxEventAge (${dropped} in total)`)
        await settle(drop)
      }
      let max = options.batchSize
      for (let queue = keep; sendNow; ) {
        queue = queue.filter((r) => !inflight.has(r.e.id) && !done.has(r.e.id))
        if (!queue.length) break
        const batch = take(queue, max, MAX_BATCH_BYTES)
        const decision = await send(batch, false)
        if (decision.do === 'retry') break
        // 413: the collector wants smaller requests; halve until it accepts (a single refused event is dropped).
        if (decision.do === 'split') max = Math.ceil(batch.length / 2)
      }
    })
  }

  /** Runs a cycle after the current one; calls while one is waiting to start share it. */
  function flush(forced = false): Promise<void> {
    force = force || forced
    if (!waiting && !stopped) {
      waiting = true
      chain = chain
        .then(() => {
          waiting = false
          return cycle()
        })
        .catch((error) => logDebug('flush failed:', error))
    }
    return chain
  }

  function hide(): void {
    void persist()
    const ready = [...mine.values()].filter((r) => !inflight.has(r.e.id) && !done.has(r.e.id))
    // What does not fit in the keepalive budget stays queued for the next flush or visit.
    if (canSend && ready.length) void send(take(ready, Infinity, MAX_HIDE_BYTES), true)
  }

  const onVisibility = () => document.visibilityState === 'hidden' && hide()
  const onOnline = () => {
    failures = retryAt = 0
    void flush()
  }
  const timer = setInterval(() => void flush(), options.flushInterval)
  // Soon after load: delivers what earlier visits left queued, even on pages left before the first interval.
  const first = setTimeout(() => void flush(), Math.min(1_000, options.flushInterval))
  addEventListener('pagehide', hide)
  addEventListener('online', onOnline)
  document.addEventListener('visibilitychange', onVisibility)

  return {
    enqueue(event) {
      const json = JSON.stringify(event)
      const n = byteLength(json)
      if (n > MAX_EVENT_BYTES) return logWarning(`event "${event.type}" dropped: ${n} bytes is over the ${MAX_EVENT_BYTES}-byte limit`)
      // The JSON copy is what the collector would get anyway, and IndexedDB can always store it: a value it cannot
      // clone (a function, a DOM node a hook added) would fail the whole write, holding back the events written with it.
      const record: Queued = { e: JSON.parse(json), t: Date.now(), s: ++seq, n }
      buffer.push(record)
      mine.set(event.id, record)
      if (mine.size > options.maxQueueSize) mine.delete(mine.keys().next().value!)
      if (!writeTimer) writeTimer = setTimeout(persist, 5)
      count++
      bytes += n
      if (count >= options.batchSize || bytes >= FLUSH_BYTES) void flush()
    },
    flush: () => flush(true),
    stop() {
      stopped = true
      clearInterval(timer)
      clearTimeout(first)
      clearTimeout(retryTimer)
      removeEventListener('pagehide', hide)
      removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisibility)
      void persist()
    },
  }
}
