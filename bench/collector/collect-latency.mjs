#!/usr/bin/env node
// @ts-check
/**
 * Does a map being computed slow ingestion down? Loads a store with synthetic
 * events, runs the collector in its own process, and measures POST /collect
 * latency (p50/p99) with no map requests ("idle") and while map requests run
 * back to back ("maps"). Rounds alternate idle and maps; each round's ratio
 * maps ÷ idle is reported with the range over rounds. Every map request asks for
 * a different range, so each one is really computed (no cache hit).
 *
 *   node bench/collector/collect-latency.mjs [--store sqlite|postgres|clickhouse] [--events 200000]
 *     [--rounds 10] [--seconds 5] [--out bench/results-collector-latency.md] [--keep DIR] [--write-concurrency N]
 *
 * PostgreSQL (durable: fsync on) and ClickHouse are throwaway servers started here, like the
 * tests do (test/collector/support/servers.js). Everything runs on 127.0.0.1. Needs
 * `npm run build` (the collector imports dist/schema.js).
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../examples/collector/stores/store.js'
import { generateJourneys } from '../../scripts/seed-demo.mjs'
import { startClickhouse, startPostgres } from '../../test/collector/support/servers.js'

const ROOT = join(import.meta.dirname, '../..')
const arg = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? /** @type {string} */ (process.argv[i + 1]) : fallback
}
const EVENTS = Number(arg('events', '200000'))
const ROUNDS = Number(arg('rounds', '10'))
const SECONDS = Number(arg('seconds', '5'))
const BATCH = Number(arg('batch', '10'))
const INTERVAL_MS = Number(arg('interval', '25'))
const MAP_CLIENTS = Number(arg('map-clients', '2'))
const engine = arg('store', 'sqlite')
if (!['sqlite', 'postgres', 'clickhouse'].includes(engine)) throw new Error(`--store: expected sqlite, postgres or clickhouse, got "${engine}"`)
/** `--keep DIR`: a store built by build-store.mjs (10 M events), used as it is instead of seeding one. */
const KEEP = arg('keep', '')
/** `--write-concurrency N`: the collector's own option of that name (its default when not given). */
const WRITE_CONCURRENCY = arg('write-concurrency', '')
const server = engine === 'postgres' ? await startPostgres({ durable: true, keep: KEEP }) : engine === 'clickhouse' ? await startClickhouse({ keep: KEEP }) : undefined
const databaseUrl = engine === 'postgres' ? server?.url : undefined
const clickhouseUrl = engine === 'clickhouse' ? (KEEP ? `${server?.url}/journeytag` : server?.url) : undefined
const OUT = arg('out', '')
/** The time the kept store's journeys end at (build-store.mjs's `now`): the maps ask for the 30 days before it, where its events are. */
const keptNow = KEEP ? JSON.parse(readFileSync(join(KEEP, 'bench-store.json'), 'utf8')).now : undefined
const dir = mkdtempSync(join(tmpdir(), 'journeytag-latency-'))
const dbPath = join(dir, 'journeytag.db')

/** Fills the store through its own insert path, in batches of 1,000, spread over 30 days. */
async function seed() {
  const store = await openStore({ dbPath, databaseUrl, clickhouseUrl })
  const now = Date.now()
  let stored = 0
  for (let seedNo = 1; stored < EVENTS; seedNo++) {
    const events = generateJourneys({ visitors: 5000, days: 30, now, seed: seedNo }).slice(0, EVENTS - stored)
    for (let i = 0; i < events.length; i += 1000) {
      await store.insert(events.slice(i, i + 1000).map((event) => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: now, bot: false })).sort((a, b) => (a.event.id < b.event.id ? -1 : 1)))
    }
    stored += events.length
  }
  await store.close()
  return stored
}

/** Starts `node examples/collector/main.js` on a free port; resolves with its URL and a stop function. */
function startCollector() {
  const args = ['--import', './bench/collector/loop-delay.mjs', 'examples/collector/main.js', '--port', '0', '--db', dbPath, ...(databaseUrl ? ['--database-url', databaseUrl] : []), ...(clickhouseUrl ? ['--clickhouse-url', clickhouseUrl] : []), '--cache-ms', '0', ...(WRITE_CONCURRENCY ? ['--write-concurrency', WRITE_CONCURRENCY] : [])]
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: { ...process.env, DATABASE_URL: '', CLICKHOUSE_URL: '' } })
  /** The collector's event-loop delay since the previous call (see loop-delay.mjs). */
  const loopDelay = () =>
    new Promise((resolve) => {
      child.once('message', (/** @type {{ loopDelay: { p50: number, p99: number, max: number } }} */ m) => resolve(m.loopDelay))
      child.send('loop-delay')
    })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const url = /collector on (http:\/\/\S+)/.exec(out)?.[1]
      if (url) resolve({ url, pid: child.pid, loopDelay, stop: () => new Promise((r) => (child.exitCode !== null ? r(undefined) : (child.once('exit', r), child.kill('SIGTERM')))) })
    })
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}`)))
  })
}

/** Resident memory of a process in MB, from /proc. @param {number} pid */
async function rssMb(pid) {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/** @param {number[]} values @param {number} p */
const quantile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]) : NaN
}

/** /collect answers 429 (queue full) so far. */
let refused = 0

/** One fresh batch of BATCH events (new ids, now), as the SDK would send it. */
function batch() {
  const now = new Date().toISOString()
  const anonymousId = randomUUID()
  const sessionId = randomUUID()
  const events = Array.from({ length: BATCH }, (_, i) => ({
    id: randomUUID(), type: 'page_view', phase: i < 3 ? 'awareness' : 'consideration', anonymousId, sessionId, timestamp: now,
    page: { url: `http://127.0.0.1:8788/p${i}.html`, path: `/p${i}.html`, title: 'Page', referrer: '' }, channel: 'organic_search', properties: {},
  }))
  return JSON.stringify({ schemaVersion: 1, sentAt: now, events })
}

/**
 * Sends a batch every INTERVAL_MS for `seconds` (open loop: a slow answer does not slow the
 * sending down) and returns each request's latency in ms.
 * @param {string} url @param {number} seconds
 */
async function collectFor(url, seconds) {
  /** @type {Promise<number>[]} */
  const timings = []
  const end = Date.now() + seconds * 1000
  while (Date.now() < end) {
    const body = batch()
    const started = performance.now()
    timings.push(fetch(`${url}/collect`, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } }).then(async (r) => {
      await r.arrayBuffer()
      // 429 is the collector's backpressure (write queue full): counted, not fatal.
      if (r.status === 429) refused++
      else if (r.status !== 200) throw new Error(`collect answered ${r.status}`)
      return performance.now() - started
    }))
    await new Promise((r) => setTimeout(r, INTERVAL_MS))
  }
  return Promise.all(timings)
}

/** Map clients asking for distinct 30-day maps back to back until `stop()`; returns their latencies. @param {string} url */
function mapLoad(url) {
  let running = true
  /** @type {number[]} */
  const latencies = []
  let n = 0
  const client = async () => {
    while (running) {
      const to = keptNow ?? Date.now()
      const from = to - 30 * 86_400_000 - ++n * 1000 // a new range each time: no cache hit
      const started = performance.now()
      const r = await fetch(`${url}/api/journey?from=${from}${keptNow ? `&to=${to}` : ''}`)
      await r.arrayBuffer()
      if (r.status !== 200) throw new Error(`map answered ${r.status}`)
      latencies.push(performance.now() - started)
    }
  }
  const clients = Array.from({ length: MAP_CLIENTS }, client)
  return { latencies, stop: async () => ((running = false), await Promise.all(clients)) }
}

const seeded = KEEP ? JSON.parse(readFileSync(join(KEEP, 'bench-store.json'), 'utf8')).events : await seed()
const collector = /** @type {{ url: string, pid: number, loopDelay(): Promise<{ p50: number, p99: number, max: number }>, stop(): Promise<void> }} */ (await startCollector())
await collectFor(collector.url, 2) // warm up: connections, JIT
/** @type {{ idle: { p50: number, p99: number, n: number }, maps: { p50: number, p99: number, n: number }, mapMs: number[], loop: { idle: { p99: number, max: number }, maps: { p99: number, max: number } }, load: number }[]} */
const rounds = []
let peakRss = 0
for (let round = 0; round < ROUNDS; round++) {
  await collector.loopDelay()
  const idle = await collectFor(collector.url, SECONDS)
  const loopIdle = await collector.loopDelay()
  const load = mapLoad(collector.url)
  const watch = setInterval(async () => (peakRss = Math.max(peakRss, await rssMb(collector.pid))), 200)
  const busy = await collectFor(collector.url, SECONDS)
  const loopMaps = await collector.loopDelay()
  await load.stop()
  clearInterval(watch)
  const r = { idle: { p50: quantile(idle, 50), p99: quantile(idle, 99), n: idle.length }, maps: { p50: quantile(busy, 50), p99: quantile(busy, 99), n: busy.length }, mapMs: load.latencies, loop: { idle: loopIdle, maps: loopMaps }, load: /** @type {number} */ (loadavg()[0]) }
  rounds.push(r)
  console.log(`round ${round + 1}: idle p50 ${r.idle.p50.toFixed(1)} p99 ${r.idle.p99.toFixed(1)} ms · during maps p50 ${r.maps.p50.toFixed(1)} p99 ${r.maps.p99.toFixed(1)} ms · ${r.mapMs.length} maps, p50 ${quantile(r.mapMs, 50).toFixed(0)} ms · event loop p99/max idle ${r.loop.idle.p99}/${r.loop.idle.max} ms, during maps ${r.loop.maps.p99}/${r.loop.maps.max} ms · machine load ${r.load.toFixed(1)}`)
}
await collector.stop()
await server?.stop()
rmSync(dir, { recursive: true, force: true })

const ratio = (/** @type {'p50' | 'p99'} */ q) => rounds.map((r) => r.maps[q] / r.idle[q])
const fmt = (/** @type {number[]} */ xs) => `${quantile(xs, 50).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}×)`
const all = (/** @type {'idle' | 'maps'} */ phase, /** @type {'p50' | 'p99'} */ q) => quantile(rounds.map((r) => r[phase][q]), 50).toFixed(1)
const maps = rounds.flatMap((r) => r.mapMs)
const loopMax = (/** @type {'idle' | 'maps'} */ phase) => Math.max(...rounds.map((r) => r.loop[phase].max))
const report = `| store | events stored | /collect p50 idle → during maps (ms) | p50 ratio, median (range) | /collect p99 idle → during maps (ms) | p99 ratio, median (range) | maps computed | map p50 / p99 (ms) | event loop max delay idle / maps (ms) | collector peak RSS | machine load (1 min) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${engine} | ${seeded.toLocaleString('en-US')} | ${all('idle', 'p50')} → ${all('maps', 'p50')} | ${fmt(ratio('p50'))} | ${all('idle', 'p99')} → ${all('maps', 'p99')} | ${fmt(ratio('p99'))} | ${maps.length} | ${quantile(maps, 50).toFixed(0)} / ${quantile(maps, 99).toFixed(0)} | ${loopMax('idle')} / ${loopMax('maps')} | ${peakRss.toFixed(0)} MB | ${Math.min(...rounds.map((r) => r.load)).toFixed(1)}–${Math.max(...rounds.map((r) => r.load)).toFixed(1)} |`
console.log(`429 (write queue full) answers: ${refused}`)
console.log(`\n${report}\n\n${ROUNDS} rounds of ${SECONDS} s idle + ${SECONDS} s with ${MAP_CLIENTS} map clients; a ${BATCH}-event batch every ${INTERVAL_MS} ms; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
if (OUT) writeFileSync(OUT, `${report}\n\n/collect answered 429 (write queue full) ${refused} times.\n`, { flag: 'a' })
