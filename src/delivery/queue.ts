/**
 * The delivery pipeline behind track(). Events are written to IndexedDB in
 * chunks, sent in batches under a lock shared by the site's tabs, retried with
 * backoff, and deleted only once the collector answers 2xx: at-least-once
 * delivery, de-duplicated by event id at the collector. What has not reached
 * IndexedDB when the page is hidden is also kept in localStorage (a synchronous
 * last resort: IndexedDB writes started during unload often never finish) and
 * moved into the queue by the next page.
 */
import { mapOf, parse, stringify } from '../builtins'
import type { TouchpointEvent } from '../contract/event'
import { LIMITS } from '../contract/limits'
import type { ResolvedOptions } from '../options'
import { guard, later, logDebug, logWarning } from '../log'
import { local, session, setLocal } from '../context/storage'
import { applyCaps, byteLength, MAX_BATCH_BYTES, MAX_HIDE_BYTES, take, type Queued } from './batch'
import { native } from './formats/native'
import { segment } from './formats/segment'
import { withFlushLock } from './lock'
import { decide, DEFAULT_RETRY, type Decision } from './retry'
import { openStorage } from './storage'
import { fetchTransport } from './transport'

/** The queue the tracker hands events to. */
export interface Delivery {
  /** Queues an event; false when it is refused (over the size limit). */
  enqueue(event: TouchpointEvent): boolean
  /** Sends everything queued now, ignoring any backoff; resolves within one request `timeout`. */
  flush(): Promise<void>
  stop(): void
}

/** How often an idle page still reads the queue, for what other tabs or earlier pages left. */
const SWEEP_MS = 60_000
/** Queued bytes that trigger a send before the batch size is reached. */
const FLUSH_BYTES = 64 * 1024
/** Prefix of the last-resort copies in localStorage (one key per page, so tabs never overwrite each other's). */
const UNSENT = 'journeytag:unsent:'
/** The collector's Retry-After, kept for the tab's next pages (sessionStorage) so a page hide does not send inside it. */
const RETRY_AT = 'journeytag:retryAt'

const sleep = (ms: number) => new Promise<void>((resolve) => later(resolve, ms))

/**
 * Creates the delivery pipeline for the given options.
 * @example
 * const delivery = createDelivery(resolveOptions({ endpoint: '/collect' }).options)
 */
export function createDelivery(options: ResolvedOptions): Delivery {
  const policy = { ...DEFAULT_RETRY, ...options.retry }
  const transport = options.transport || fetchTransport
  const format = options.format == 'segment' ? segment : native
  const storage = openStorage(options.maxQueueSize)
  const canSend = !!(options.endpoint || options.transport)
  const me = Math.random().toString(36).slice(2)
  const ls = local()
  /** Queued in this tab, not yet handed to storage. */
  const buffer: Queued[] = []
  let written: Promise<unknown> = Promise.resolve()
  /** This tab's events not known to be delivered, oldest first: what page hide sends. */
  const mine = new Map<string, Queued>()
  /** This tab's events not yet confirmed in IndexedDB: what page hide keeps in localStorage. */
  const unsaved = new Map<string, Queued>()
  /** Ids being sent by this tab, and ids delivered or dropped whose deletion may not be visible yet. */
  const inflight = new Set<string>()
  const done = new Set<string>()
  let seq = 0
  /** Records this tab wrote since it last read the stored queue. */
  let unread = 0
  let count = 0
  let bytes = 0
  let failures = 0
  let dropped = 0
  /** Whether the last read of the queue left nothing to send, and when it was. */
  let empty = false
  let readAt = 0
  let retryAt = 0
  let force = false
  let waiting = false
  let stopped = false
  let chain: Promise<void> = Promise.resolve()
  let writeTimer: ReturnType<typeof setTimeout> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  function persist(): Promise<unknown> {
    clearTimeout(writeTimer)
    writeTimer = undefined
    // One IndexedDB value per batch-sized chunk: a delivered batch then deletes whole chunks, never rewrites a big one.
    while (buffer.length) {
      const records = buffer.splice(0, options.batchSize)
      unread += records.length
      const write = storage.add(records).then((ok) => {
        if (ok) for (const r of records) unsaved.delete(r.id)
        if (!unsaved.size) setLocal(UNSENT + me)
      })
      written = written.then(() => write)
    }
    return written
  }

  function settle(batch: Queued[]): Promise<void> {
    for (const r of batch) {
      done.add(r.id)
      mine.delete(r.id)
      unsaved.delete(r.id)
    }
    return storage.remove(mapOf(batch, (r) => r.id))
  }

  async function send(batch: Queued[], keepalive: boolean): Promise<Decision> {
    for (const r of batch) inflight.add(r.id)
    const abort = new AbortController()
    try {
      // text/plain keeps the request CORS-simple (no preflight) and beacon-compatible; the body is JSON.
      const headers = { 'content-type': 'text/plain;charset=UTF-8', ...options.headers }
      const request = { url: options.endpoint || '', body: format(mapOf(batch, (r) => r.j)), headers, keepalive, compress: options.compress, signal: abort.signal }
      // A transport that throws, answers nonsense or never answers (raced against the timeout) counts as a network error.
      const response = await Promise.race([
        Promise.resolve(request).then(transport).catch(() => undefined),
        sleep(options.timeout).then(() => void abort.abort()),
      ])
      const status = (response && response.status) || 0
      const decision = decide(status, failures + 1, response && response.retryAfter, policy)
      logDebug(`batch of ${batch.length} → ${status || 'network error'}: ${decision.do}`)
      if (decision.do == 'retry') {
        failures++
        retryAt = Date.now() + decision.wait
        try {
          session()?.setItem(RETRY_AT, '' + retryAt)
        } catch {}
        clearTimeout(retryTimer)
        // `limit` counts retries after the first attempt (as in ky): `failures - 1` retries have been made.
        // The timer ends the wait itself: timers may fire a millisecond before Date.now() reaches retryAt,
        // and a cycle that still saw the wait would skip this retry until the next flushInterval.
        if (failures <= policy.limit) retryTimer = later(() => void ((retryAt = 0), flush()), decision.wait)
        return decision
      }
      // After failures, the other tabs take this answer as the collector being back.
      if (failures) channel?.postMessage(1)
      failures = 0
      if (decision.do == 'split' && batch.length > 1) return decision
      if (decision.do != 'ok') logWarning(`the collector refused ${batch.length} event(s) with HTTP ${status}; dropped`)
      await settle(batch)
      return decision
    } finally {
      for (const r of batch) inflight.delete(r.id)
    }
  }

  async function cycle(): Promise<void> {
    const forced = force
    const sendNow = canSend && (force || (Date.now() >= retryAt && failures <= policy.limit))
    force = false
    count = bytes = 0
    const upTo = seq
    await persist()
    // While backing off nothing is sent, and reading the whole queue every flushInterval in every tab would be
    // wasted work; the read also enforces the caps, so a tab that keeps writing still reads once per maxQueueSize.
    if (canSend && !sendNow && unread < options.maxQueueSize) return
    // Nothing new here and nothing left at the last read: an idle page reads the queue only once a minute
    // (for what other tabs or pages left behind), not every flushInterval.
    if (!forced && empty && !unread && Date.now() - readAt < SWEEP_MS) return
    unread = 0
    await withFlushLock(me, async () => {
      const all = await storage.all()
      readAt = Date.now()
      const present = new Set(mapOf(all, (r) => r.id))
      for (const id of done) if (!present.has(id)) done.delete(id)
      // Own events gone from storage were delivered by another tab (or dropped): page hide must not resend them.
      for (const [id, r] of mine) if (r.s <= upTo && !present.has(id) && !unsaved.has(id)) mine.delete(id)
      const { keep, drop } = applyCaps(all, options.maxQueueSize, options.maxEventAge, Date.now())
      if (drop.length) {
        dropped += drop.length
        logDebug(`dropped ${drop.length} queued events over maxQueueSize or maxEventAge (${dropped} in total)`)
        await settle(drop)
      }
      let max = options.batchSize
      let queue = keep
      for (; sendNow; ) {
        queue = queue.filter((r) => !inflight.has(r.id) && !done.has(r.id))
        if (!queue.length) break
        const batch = take(queue, max, MAX_BATCH_BYTES)
        const decision = await send(batch, false)
        if (decision.do == 'retry') break
        // 400 or 413: halve until the collector accepts; the one event it still refuses alone is dropped.
        if (decision.do == 'split') max = Math.ceil(batch.length / 2)
      }
      empty = !queue.length
    })
  }

  /** Runs a cycle after the current one; calls while one is waiting to start share it. */
  function flush(forced = false): Promise<void> {
    force ||= forced
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

  const hide = () =>
    guard('page hide', () => {
      void persist()
      // The synchronous last resort: an IndexedDB write started now may never finish.
      if (unsaved.size) setLocal(UNSENT + me, stringify([...unsaved.values()].slice(-options.maxQueueSize)))
      const ready = [...mine.values()].filter((r) => !inflight.has(r.id) && !done.has(r.id))
      // Inside a Retry-After window nothing is sent; what does not fit the keepalive budget stays queued.
      let batch = take(ready, Infinity, MAX_HIDE_BYTES)
      // The budget counts native bytes; a format that adds to each event (Segment) is measured and halved to fit.
      while (format != native && batch.length > 1 && byteLength(format(mapOf(batch, (r) => r.j))) > MAX_HIDE_BYTES) batch = batch.slice(0, batch.length >> 1)
      if (canSend && batch.length && Date.now() >= retryAt) send(batch, true).catch((error) => logDebug('page-hide send failed:', error))
    })
  const onVisibility = () => document.visibilityState == 'hidden' && hide()
  const resume = () => {
    failures = retryAt = 0
    void flush()
  }
  // Another tab's delivery means the collector answers again: resume at once rather than at the next page load.
  const channel = typeof BroadcastChannel == 'function' ? new BroadcastChannel('journeytag') : undefined
  if (channel) channel.onmessage = () => failures && resume()

  // What earlier pages left in localStorage goes into the queue (once in IndexedDB, their keys are removed).
  try {
    retryAt = +session()?.getItem(RETRY_AT)! || 0
  } catch {}
  try {
    for (const key of Object.keys(ls!)) {
      if (!key.startsWith(UNSENT) || key == UNSENT + me) continue
      const records = parse(ls!.getItem(key)!) as Queued[]
      void storage.add(records).then((ok) => ok && setLocal(key))
      unread += records.length
    }
  } catch {}

  const timer = setInterval(() => guard('flush', flush), Math.min(options.flushInterval, 2 ** 31 - 1))
  // Soon after load: delivers what earlier visits left queued, even on pages left before the first interval.
  const first = later(flush, Math.min(1_000, options.flushInterval))
  addEventListener('pagehide', hide)
  addEventListener('online', resume)
  document.addEventListener('visibilitychange', onVisibility)

  return {
    enqueue(event) {
      const j = stringify(event)
      const n = byteLength(j)
      if (n > LIMITS.eventBytes) {
        logWarning(`event "${event.type}" dropped: ${n} bytes is over the ${LIMITS.eventBytes}-byte limit`)
        return false
      }
      const record: Queued = { id: event.id, j, t: Date.now(), s: ++seq, n }
      buffer.push(record)
      mine.set(record.id, record)
      unsaved.set(record.id, record)
      if (mine.size > options.maxQueueSize) mine.delete(mine.keys().next().value!)
      writeTimer ||= later(persist, 0)
      count++
      bytes += n
      // After the retries gave up, a new event is a reason to try again (once per backoff window).
      const resumed = failures > policy.limit && Date.now() >= retryAt
      if (count >= options.batchSize || bytes >= FLUSH_BYTES || resumed) void flush(resumed)
      return true
    },
    flush: () => Promise.race([flush(true), sleep(options.timeout + 1_000)]),
    stop() {
      stopped = true
      clearInterval(timer)
      clearTimeout(first)
      clearTimeout(retryTimer)
      removeEventListener('pagehide', hide)
      removeEventListener('online', resume)
      channel?.close()
      document.removeEventListener('visibilitychange', onVisibility)
      void persist()
    },
  }
}
