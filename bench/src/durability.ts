/**
 * journeytag's durability cost and throughput, read through the durable queue's
 * contract (IndexedDB database 'journeytag', store 'events', via idb-keyval):
 * - latency from track() until the event can be read back from IndexedDB;
 * - events/s persisted with the collector refusing (503), and the heap with 10,000 queued;
 * - events/s delivered: the 10,000 persisted ones once the collector accepts again,
 *   and end to end on a fresh page with the collector up.
 * When events never show up in IndexedDB (an in-memory queue), the figures say so instead of waiting.
 */
import type { BenchServer } from './server'
import { freshPage, heapAfterGc, pollUntil, sleep } from './browser'
import { quantile } from './stats'
import { newPrefix } from './tokens'

export const QUEUED = 10_000
const LATENCY_SAMPLES = 50

export interface DurabilityRun {
  /** ms from track() to readable in IndexedDB; NaN when never. */
  idbLatencyMedian: number
  idbLatencyP99: number
  persistedPerSecond: number
  persistedCount: number
  heapWithQueuedBytes: number
  drainPerSecond: number
  drainedCount: number
  endToEndPerSecond: number
  endToEndCount: number
  errors: string[]
}

const pageUrl = (server: BenchServer, options: object) => `${server.origin}/page/journeytag.html?o=${encodeURIComponent(JSON.stringify(options))}`

async function open(server: BenchServer, options: object) {
  const session = await freshPage()
  await session.page.goto(pageUrl(server, options))
  await session.page.evaluate(() => (window as any).__bench.ready)
  return session
}

async function latency(server: BenchServer): Promise<number[]> {
  // Nothing leaves the page during this part: every event stays in the queue to be found.
  const { page, close } = await open(server, { flushInterval: 3_600_000, batchSize: 1000, maxQueueSize: QUEUED })
  try {
    const samples: number[] = []
    const prefix = newPrefix()
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const ms = await page.evaluate(([token]) => (window as any).__bench.trackToIndexedDb(token, 1_000), [`${prefix}${String(i).padStart(6, '0')}`] as const)
      samples.push(ms < 0 ? NaN : ms)
      if (i === 2 && samples.every(Number.isNaN)) break // not persisted at all: no point waiting 50 s
      await sleep(20)
    }
    return samples
  } finally {
    await close()
  }
}

export async function durabilityRun(server: BenchServer): Promise<DurabilityRun> {
  const samples = await latency(server)
  const errors: string[] = []

  // Persist 10,000 with the collector refusing, then let it accept and time the drain.
  server.collectStatus = 503
  const refused = await open(server, { maxQueueSize: QUEUED })
  let persisted, heap, drained
  try {
    const prefix = newPrefix()
    const t0 = Date.now()
    await refused.page.evaluate(([p, n]) => (window as any).__bench.trackAll(p, n, 100), [prefix, QUEUED] as const)
    const tPoll = Date.now()
    persisted = await pollUntil(
      () => refused.page.evaluate(([p]) => (window as any).__bench.countInIndexedDb(p) as Promise<number>, [prefix] as const),
      (n) => n >= QUEUED,
      { timeoutMs: 30_000, stallMs: 3_000, everyMs: 100 },
    )
    persisted = { ...persisted, ms: tPoll + persisted.ms - t0 }
    heap = await heapAfterGc(refused.context, refused.page)
    server.collectStatus = 200
    drained = await pollUntil(() => server.delivered(prefix), (n) => n >= QUEUED, { timeoutMs: 60_000, stallMs: 15_000, everyMs: 100 })
    errors.push(...refused.errors)
  } finally {
    server.collectStatus = 200
    await refused.close()
  }

  // End to end: a fresh page, collector up, 10,000 events as fast as the page allows.
  const up = await open(server, { maxQueueSize: QUEUED })
  let endToEnd
  try {
    const prefix = newPrefix()
    const t0 = Date.now()
    await up.page.evaluate(([p, n]) => (window as any).__bench.trackAll(p, n, 100), [prefix, QUEUED] as const)
    const tPoll = Date.now()
    const sent = await pollUntil(() => server.delivered(prefix), (n) => n >= QUEUED, { timeoutMs: 60_000, stallMs: 15_000, everyMs: 100 })
    endToEnd = { value: sent.value, ms: sent.complete ? tPoll + sent.ms - t0 : NaN }
    errors.push(...up.errors)
  } finally {
    await up.close()
  }

  const valid = samples.filter(Number.isFinite)
  return {
    idbLatencyMedian: valid.length ? quantile(valid, 0.5) : NaN,
    idbLatencyP99: valid.length ? quantile(valid, 0.99) : NaN,
    persistedCount: persisted.value,
    persistedPerSecond: persisted.complete ? (1000 * QUEUED) / persisted.ms : NaN,
    heapWithQueuedBytes: heap,
    drainedCount: drained.value,
    drainPerSecond: drained.complete ? (1000 * QUEUED) / Math.max(drained.ms, 1) : NaN,
    endToEndCount: endToEnd.value,
    endToEndPerSecond: Number.isFinite(endToEnd.ms) ? (1000 * QUEUED) / endToEnd.ms : NaN,
    errors: [...new Set(errors)].slice(0, 5),
  }
}
