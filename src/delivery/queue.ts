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
import { guard, later, logDebug, logError, logWarning, on, quiet } from '../log'
import { local, session, setEntry } from '../context/storage'
import { mayTrack } from '../context/consent'
import { applyCaps, byteLength, MAX_BATCH_BYTES, MAX_HIDE_BYTES, readRecords, take, type Queued } from './batch'
import { native, type Format } from './formats/native'
import { withFlushLock } from './lock'
import { askedWait, decide, DEFAULT_RETRY, OK, SPLIT, type Decision } from './retry'
import { openStorage } from './storage'
import { fetchTransport } from './transport'
import { uuid } from '../uuid'

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
const ids = (records: Queued[]) => mapOf(records, (r) => r.id)

/**
 * Creates the delivery pipeline for the given options.
 * @example
 * const delivery = createDelivery(resolveOptions({ endpoint: '/collect' }).options)
 */
export function createDelivery(options: ResolvedOptions): Delivery {
  const { batchSize, maxQueueSize, timeout } = options
  const policy = { ...DEFAULT_RETRY, ...options.retry }
  const transport = options.transport || fetchTransport
  const given = options.format
  // The Segment format is a module of its own (`format: segment`), so apps that do not use it do not ship it.
  // Without it nothing is sent (events stay queued): native batches at a Segment endpoint would be refused and dropped.
  const unformatted = given == 'segment'
  if (unformatted) logError("format: 'segment' needs import { segment } from 'journeytag' (format: segment); events stay queued")
  const format: Format = typeof given == 'function' ? given : native
  /** A batch's request body in the chosen format. */
  const body = (batch: Queued[]) => format(mapOf(batch, (r) => r.j))
  // Without consent (opt-in mode, an opt-out, a respected privacy signal) the page stores nothing: not even an empty database.
  const allowed = mayTrack(options)
  const storage = openStorage(maxQueueSize, allowed, options.storageWorker)
  const canSend = !!(options.endpoint || options.transport) && !unformatted
  const me = uuid()
  const mineKey = UNSENT + me
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
  const free = (r: Queued) => !inflight.has(r.id) && !done.has(r.id)
  let seq = 0
  /** Records this tab wrote since it last read the stored queue. */
  let unread = 0
  let count = 0
  let bytes = 0
  let failures = 0
  let dropped = 0
  /** Whether the last read of the queue left nothing to send, and when it was. */
  let empty: boolean | undefined
  let readAt = 0
  /** Until when the collector asked to wait (Retry-After): kept for the tab's next pages, and page hide honours it. */
  let askedUntil = +quiet(() => session()!.getItem(RETRY_AT))! || 0
  /** When the next regular send may go: the collector's wait, or this tab's own backoff. */
  let retryAt = askedUntil
  /** Sets (0: ends) the collector's wait, in this tab's sessionStorage too. */
  const wait = (until: number) => {
    askedUntil = until
    setEntry(session, RETRY_AT, until ? '' + until : undefined)
  }
  let force: boolean | undefined
  let waiting: boolean | undefined
  let stopped: boolean | undefined
  let chain: Promise<void> = Promise.resolve()
  /** A write is scheduled for the end of the current task. */
  let writing: boolean | undefined
  /** A page hide left a copy of unsaved events in localStorage (removed once they are all in IndexedDB). */
  let copied: boolean | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  /** Ends the send in flight that is not a page-hide one (cycles run one at a time: there is one at most); see `leave`. */
  let endSend: (() => void) | undefined

  function persist(): Promise<unknown> {
    writing = false
    // One IndexedDB value per batch-sized chunk (a delivered batch then deletes whole chunks, never rewrites a big one),
    // all of a task's chunks in one transaction.
    if (buffer.length) {
      const records = buffer.splice(0)
      unread += records.length
      const write = storage.add(records, batchSize).then((ok) => {
        if (ok) for (const r of records) unsaved.delete(r.id)
        // Only a page hide writes the copy; removing a key that was never written would cost a storage call per write.
        if (copied && !unsaved.size) (copied = false), setEntry(local, mineKey)
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
    return storage.remove(ids(batch))
  }

  async function send(batch: Queued[], keepalive: boolean): Promise<Decision> {
    for (const r of batch) inflight.add(r.id)
    const release = () => batch.forEach((r) => inflight.delete(r.id))
    const abort = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      // text/plain keeps the request CORS-simple (no preflight) and beacon-compatible; the body is JSON.
      const headers = { 'content-type': 'text/plain;charset=UTF-8', ...options.headers }
      const request = { url: options.endpoint || '', body: body(batch), headers, keepalive, compress: options.compress, signal: abort.signal }
      // A transport that throws, answers nonsense or never answers (raced against the timeout) counts as a network error.
      // The timeout's timer is cleared once the answer is in: at a page's pace it would otherwise wake the page once per send.
      const response = await Promise.race([
        Promise.resolve(request).then(transport).catch(() => undefined),
        new Promise<0 | undefined>((resolve) => {
          const end = (left?: 0) => (abort.abort(), resolve(left))
          timer = later(end, timeout)
          // Released once: the page-hide send that takes these events over must keep them in flight (no second page-hide send).
          if (!keepalive) endSend = () => (release(), (batch = []), end(0))
        }),
      ])
      // Ended by a page hide (see `leave`): not the collector failing, so no backoff; the page-hide send carries the batch.
      if (response === 0) return 0
      const status = response?.status || 0
      const retryAfter = response?.retryAfter
      const decision = decide(status, failures + 1, retryAfter, policy)
      logDebug(`${batch.length} events → ${status || 'network error'}: ${decision}`)
      if (decision >= 0) {
        failures++
        retryAt = Date.now() + decision
        // Only a wait the collector asked for binds page hide and the next pages; a backoff of our own after a network
        // error or a bare 503 does not: a visitor leaving during it must not take the page's events along.
        wait(askedWait(status, retryAfter, policy) != null ? retryAt : 0)
        clearTimeout(retryTimer)
        // `limit` counts retries after the first attempt (as in ky): `failures - 1` retries have been made.
        // The timer ends the wait itself: timers may fire a millisecond before Date.now() reaches retryAt,
        // and a cycle that still saw the wait would skip this retry until the next flushInterval.
        if (failures <= policy.limit) retryTimer = later(() => ((retryAt = 0), flush()), decision)
        return decision
      }
      // After failures, the other tabs take this answer as the collector being back.
      if (failures) channel?.postMessage(1)
      // The collector answers: whatever wait was running (its own or ours) is over for the next batch too.
      failures = retryAt = 0
      if (askedUntil) wait(0)
      if (decision == SPLIT && batch.length > 1) return decision
      if (decision != OK) logWarning(`collector refused ${batch.length} event(s) with HTTP ${status}; dropped`)
      await settle(batch)
      return decision
    } finally {
      clearTimeout(timer)
      if (!keepalive) endSend = undefined
      release()
    }
  }

  async function cycle(): Promise<void> {
    // Nothing queued on this page, and no consent to track: leave storage untouched (what earlier visits queued
    // is sent once tracking is allowed again).
    if (!seq && !unread && !mayTrack(options)) return
    const forced = force
    const sendNow = canSend && (force || (Date.now() >= retryAt && failures <= policy.limit))
    force = false
    count = bytes = 0
    const upTo = seq
    await persist()
    // While backing off nothing is sent, and reading the whole queue every flushInterval in every tab would be
    // wasted work; the read also enforces the caps, so a tab that keeps writing still reads once per maxQueueSize.
    if (canSend && !sendNow && unread < maxQueueSize) return
    // Nothing new here and nothing left at the last read: an idle page reads the queue only once a minute
    // (for what other tabs or pages left behind), not every flushInterval.
    if (!forced && empty && !unread && Date.now() - readAt < SWEEP_MS) return
    unread = 0
    await withFlushLock(me, async () => {
      const all = await storage.all()
      const now = (readAt = Date.now())
      const present = new Set(ids(all))
      for (const id of done) if (!present.has(id)) done.delete(id)
      // Own events gone from storage were delivered by another tab (or dropped): page hide must not resend them.
      for (const [id, r] of mine) if (r.s <= upTo && !present.has(id) && !unsaved.has(id)) mine.delete(id)
      let { keep: queue, drop } = applyCaps(all, maxQueueSize, options.maxEventAge, now)
      if (drop.length) {
        logDebug(`dropped ${drop.length} queued events over maxQueueSize or maxEventAge (${(dropped += drop.length)} in total)`)
        await settle(drop)
      }
      for (let max = batchSize, found = false; sendNow && (queue = queue.filter(free)).length; ) {
        const batch = take(queue, max, MAX_BATCH_BYTES)
        const decision = await send(batch, false)
        if (decision >= 0) break
        // 400 or 413: halve until the collector accepts; the one event it still refuses alone is dropped. Once such an
        // event was found, each accepted batch doubles the size again: the rest of a backlog goes in whole batches, not
        // one event per request, and a collector refusing everything gets about one request per event, not a halving
        // run for each. (A 413 that only means "too big" finds no such event, and the size that fits stays.)
        if (decision == SPLIT) (found ||= batch.length < 2), (max = Math.ceil(batch.length / 2))
        else if (found) max = Math.min(batchSize, max * 2)
      }
      empty = !queue.length
    })
  }

  /**
   * Runs a cycle after the current one; calls while one is waiting to start share it. After each cycle the next
   * is scheduled: within flushInterval while anything may be left to send, else for the once-a-minute sweep.
   */
  function flush(forced?: boolean): Promise<void> {
    force ||= forced
    if (!waiting && !stopped) {
      waiting = true
      chain = chain
        .then(() => ((waiting = false), cycle()))
        .catch((error) => logDebug('flush failed:', error))
        .then(() => schedule(empty && !unread && !buffer.length ? SWEEP_MS : options.flushInterval))
    }
    return chain
  }

  // One timer for the next cycle, not an interval: an idle page (nothing queued) wakes once a minute, not every flushInterval.
  let next: ReturnType<typeof setTimeout> | undefined
  let nextAt = Infinity
  /** Makes sure a cycle starts within `ms`; a cycle already due sooner stands. */
  function schedule(ms: number) {
    // (`later` clamps a delay over 2^31-1 ms; an unclamped nextAt only ever compares as later than any real timer.)
    if (stopped || Date.now() + ms >= nextAt) return
    clearTimeout(next)
    nextAt = Date.now() + ms
    next = later(() => ((nextAt = Infinity), flush()), ms)
  }

  const hide = () => {
    void persist()
    // The synchronous last resort: an IndexedDB write started now may never finish.
    if (unsaved.size) (copied = true), setEntry(local, mineKey, stringify([...unsaved.values()].slice(-maxQueueSize)))
    // Inside a Retry-After window nothing is sent (a backoff of our own does not stop it); what does not fit the keepalive budget stays queued.
    let batch = take([...mine.values()].filter(free), Infinity, MAX_HIDE_BYTES)
    // The budget counts native bytes; a format that adds to each event (Segment) is measured and halved to fit.
    while (format != native && batch.length > 1 && byteLength(body(batch)) > MAX_HIDE_BYTES) batch = batch.slice(0, batch.length >> 1)
    if (canSend && batch.length && Date.now() >= askedUntil) send(batch, true).catch((error) => logDebug('page-hide send failed:', error))
  }
  /**
   * A page kept in the back/forward cache must not hold the flush lock: the next page's flush would wait for it,
   * and Chromium evicts a cached page whose lock another page asks for (so Back reloads instead of restoring).
   * A page hide therefore ends the send in flight (its events go with the page-hide send); a page shown again
   * from the cache carries on with its timers.
   */
  const leave = () => (endSend?.(), hide())
  /** Retries now; `until` keeps a wait the collector asked for (the browser back online says nothing about the collector). */
  const resume = (until = 0) => {
    failures = 0
    wait((retryAt = until))
    void flush()
  }
  // Another tab's delivery means the collector answers again: resume at once rather than at the next page load.
  const channel = quiet(() => new BroadcastChannel('journeytag'))
  if (channel) channel.onmessage = () => failures && resume()

  // What earlier pages left in localStorage goes into the queue (once in IndexedDB, their keys are removed).
  // Not while tracking is not allowed: like the rest of the queue, it waits for a page that may send it.
  allowed && quiet(() => {
    const ls = local()!
    for (const key of Object.keys(ls)) {
      // (This page's own key is not there yet: its id is a fresh uuid() and only its page hide writes it.)
      if (!key.startsWith(UNSENT)) continue
      // What another script left under the key instead of records is no events (the key goes as well), and stops no other key.
      const records = readRecords(() => parse(ls.getItem(key)!))
      // Once in IndexedDB the copy is no longer needed. Where IndexedDB fails they are queued in memory: this page's
      // own copy on hide takes over the ones still undelivered, so the old key goes either way (and is not sent again by every page).
      void storage.add(records).then((ok) => (ok || records.forEach((r) => unsaved.set(r.id, r)), setEntry(local, key)))
      unread += records.length
    }
  })

  // Soon after load: delivers what earlier visits left queued, even on pages left before the first interval.
  schedule(Math.min(1_000, options.flushInterval))
  const off = [on(window, 'pagehide', leave), on(window, 'online', () => resume(askedUntil)), on(document, 'visibilitychange', () => document.visibilityState == 'hidden' && hide())]

  return {
    enqueue(event) {
      const j = stringify(event)
      const n = byteLength(j)
      if (n > LIMITS.eventBytes) return logWarning(`event "${event.type}" dropped: ${n} bytes is over the ${LIMITS.eventBytes}-byte limit`), false
      const record: Queued = { id: event.id, j, t: Date.now(), s: ++seq, n }
      buffer.push(record)
      mine.set(record.id, record)
      unsaved.set(record.id, record)
      if (mine.size > maxQueueSize) mine.delete(mine.keys().next().value!)
      // Written at the end of this task (a microtask, not a timer): the events built in one task are one write,
      // and the write costs no task of its own.
      if (!writing) (writing = true), queueMicrotask(() => guard('write', persist))
      count++
      bytes += n
      schedule(options.flushInterval)
      // After the retries gave up, a new event is a reason to try again (once per backoff window).
      const resumed = failures > policy.limit && Date.now() >= retryAt
      if (count >= batchSize || bytes >= FLUSH_BYTES || resumed) void flush(resumed)
      return true
    },
    flush: () => Promise.race([flush(true), sleep(timeout + 1_000)]),
    stop() {
      stopped = true
      clearTimeout(next)
      clearTimeout(retryTimer)
      off.forEach((f) => f())
      channel?.close()
      void persist().then(storage.close)
    },
  }
}
