#!/usr/bin/env node
// @ts-check
/**
 * The collector's stores at scale: loads synthetic journeys (scripts/seed-demo.mjs, 30 days)
 * through each store's own insert() into a throwaway server on 127.0.0.1, then times the
 * map's figures() for the last 30 days. Reports ingestion events/s, figures latency (every
 * run listed, the first one right after loading), and this process's memory (it plays the
 * collector: the SQLite worker thread runs in it; PostgreSQL and ClickHouse compute in their
 * own servers). Sizes are cumulative: the 10 M run adds 9 M events to the 1 M store.
 *
 *   npm run bench:collector -- [--sizes 1000000,10000000] [--stores clickhouse,postgres,sqlite] [--runs 3] [--max sqlite=1000000]
 *     [--keep clickhouse=DIR,postgres=DIR] [--append] [--merge other-results.json]
 *
 * Writes bench/results-collector.md (rewritten after every measurement, so a stopped run keeps what it measured).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { openStore } from '../../examples/collector/stores/store.js'
import { generateJourneys } from '../../scripts/seed-demo.mjs'
import { startClickhouse, startPostgres } from '../../test/collector/support/servers.js'

const arg = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? /** @type {string} */ (process.argv[i + 1]) : fallback
}
const SIZES = arg('sizes', '1000000,10000000').split(',').map(Number)
const STORES = arg('stores', 'clickhouse,postgres,sqlite').split(',')
const RUNS = Number(arg('runs', '3'))
const BATCH = Number(arg('batch', '1000'))
const IN_FLIGHT = Number(arg('in-flight', '4'))
/** Largest size per store, `store=events,…`: bigger sizes are skipped and the report says so. */
const MAX = Object.fromEntries(arg('max', 'sqlite=1000000').split(',').filter(Boolean).map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]))
const OUT = arg('out', join(import.meta.dirname, '../results-collector.md'))
/**
 * `--keep store=DIR,…`: a store built once by build-store.mjs (loading 10 M events through insert()
 * takes most of an hour here); its events are used as they are, so its ingest rate is not measured.
 */
const KEEP = Object.fromEntries(arg('keep', '').split(',').filter(Boolean).map((pair) => [pair.split('=')[0], pair.split('=')[1]]))
/** `--append`: add to the results of the previous run (kept in OUT's .json next to it) instead of starting over. */
const APPEND = process.argv.includes('--append')
const JSON_OUT = OUT.replace(/\.md$/, '.json')
const PHASES = ['awareness', 'consideration', 'conversion', 'retention', 'advocacy']
const DAY = 86_400_000

/**
 * Times figures() in a fresh collector-like process (figures-probe.mjs).
 * @param {object} config
 * @param {object} query
 * @returns {{ seconds: number[], baseMb: number, peakMb: number, visitors: number }}
 */
function probe(config, query) {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'figures-probe.mjs'), JSON.stringify(config), JSON.stringify(query), String(RUNS)], { maxBuffer: 1 << 20 })
  return JSON.parse(out.toString().trim().split('\n').at(-1) ?? '{}')
}

/**
 * Inserts `count` more events, `BATCH` per insert(), `IN_FLIGHT` inserts at a time (as concurrent
 * /collect requests would). Returns events/s.
 * @param {import('../../examples/collector/stores/store.js').Store} store
 * @param {number} count
 * @param {number} seedStart
 * @param {number} now
 */
async function load(store, count, seedStart, now) {
  let stored = 0
  let seed = seedStart
  const started = performance.now()
  while (stored < count) {
    const events = generateJourneys({ visitors: 20_000, days: 30, now, seed: seed++ }).slice(0, count - stored)
    /** @type {Promise<unknown>[]} */
    let flying = []
    for (let i = 0; i < events.length; i += BATCH) {
      const rows = events.slice(i, i + BATCH).map((event) => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: now, bot: false }))
      flying.push(store.insert(rows))
      if (flying.length >= IN_FLIGHT) {
        await Promise.all(flying)
        flying = []
      }
    }
    await Promise.all(flying)
    stored += events.length
  }
  return { eventsPerSecond: count / ((performance.now() - started) / 1000), seed }
}

/** @param {string} name */
async function server(name) {
  const keep = KEEP[name] ?? ''
  if (name === 'postgres') {
    const pg = await startPostgres({ durable: true, keep })
    return { config: { databaseUrl: pg.url }, stop: async () => pg.stop() }
  }
  if (name === 'clickhouse') {
    const ch = await startClickhouse({ keep })
    return { config: { clickhouseUrl: `${ch.url}/journeytag` }, stop: () => ch.stop() }
  }
  const dir = mkdtempSync(join(tmpdir(), 'journeytag-scale-'))
  return { config: { dbPath: join(dir, 'journeytag.db') }, stop: async () => rmSync(dir, { recursive: true, force: true }) }
}

/** @type {{ store: string, events: number, ingest: number | null, runs: number[], peakMb: number, baseMb: number, visitors: number, load: number, kept?: boolean }[]} */
const results = APPEND && existsSync(JSON_OUT) ? JSON.parse(readFileSync(JSON_OUT, 'utf8')) : []
/** @type {string[]} */
const skipped = []
const now = Date.now()
const started = Date.now()
/** `--merge FILE.json`: add the results another run wrote elsewhere (e.g. a run with --out /tmp/x.md) to this report. */
const MERGE = arg('merge', '')
/** `--notes FILE`: a paragraph about the runs (when, what else ran) put into the report. */
const NOTES = arg('notes', '')
if (MERGE) results.push(...JSON.parse(readFileSync(MERGE, 'utf8')))
for (const name of MERGE ? [] : STORES) {
  const { config, stop } = await server(name)
  const opened = performance.now()
  const store = await openStore({ dbPath: '', ...config })
  const kept = KEEP[name] ? JSON.parse(readFileSync(join(KEEP[name], 'bench-store.json'), 'utf8')) : null
  if (kept) console.log(`${name}: kept store of ${kept.events} events opened in ${((performance.now() - opened) / 1000).toFixed(1)} s`)
  let loaded = kept?.events ?? 0
  let seed = kept?.seed ?? 1
  const storeNow = kept?.now ?? now
  try {
    for (const size of SIZES) {
      if (kept && size < loaded) {
        skipped.push(`${name} at ${size.toLocaleString('en')} events (the kept store holds ${loaded.toLocaleString('en')})`)
        continue
      }
      if (size > (MAX[name] ?? Infinity)) {
        skipped.push(`${name} at ${size.toLocaleString('en')} events (above --max ${name}=${MAX[name]})`)
        writeReport()
        continue
      }
      const fromKept = size === loaded
      const { eventsPerSecond, seed: next } = fromKept ? { eventsPerSecond: null, seed } : await load(store, size - loaded, seed, storeNow)
      seed = next
      loaded = size
      // The machine is shared: its load average while the map was computed goes into the report.
      const { seconds: runs, baseMb, peakMb, visitors } = probe(config, { from: storeNow - 30 * DAY, to: storeNow + 1, phases: PHASES })
      const loadAverage = loadavg()[0] ?? 0
      results.push({ store: name, events: size, ingest: eventsPerSecond, runs, peakMb, baseMb, visitors, load: loadAverage, kept: fromKept })
      console.log(`${name} ${size}: ${eventsPerSecond === null ? 'kept store' : Math.round(eventsPerSecond)} events/s, figures ${runs.map((r) => r.toFixed(2)).join(' / ')} s, rss ${baseMb.toFixed(0)} → ${peakMb.toFixed(0)} MB, ${visitors} visitors (${((Date.now() - started) / 60000).toFixed(1)} min)`)
      writeReport()
    }
  } finally {
    await store.close()
    await stop()
  }
}

if (MERGE) writeReport()

function writeReport() {
  writeFileSync(JSON_OUT, JSON.stringify(results, null, 1))
  const version = (/** @type {string} */ cmd, /** @type {string[]} */ args) => {
    try {
      return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n')[0]
    } catch {
      return 'unknown'
    }
  }
  const pgBin = version('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'])
  const order = ['sqlite', 'postgres', 'clickhouse']
  results.sort((a, b) => a.events - b.events || order.indexOf(a.store) - order.indexOf(b.store))
  const rows = results.map((r) => {
    const sorted = [...r.runs].sort((a, b) => a - b)
    return `| ${r.store} | ${(r.events / 1e6).toFixed(0)} M | ${r.visitors.toLocaleString('en')} | ${r.ingest === null ? 'kept store¹' : Math.round(r.ingest).toLocaleString('en')} | ${r.runs[0]?.toFixed(2)} | ${r.runs.slice(1).map((x) => x.toFixed(2)).join(', ')} | ${sorted[0]?.toFixed(2)}–${sorted.at(-1)?.toFixed(2)} | ${r.baseMb.toFixed(0)} → ${r.peakMb.toFixed(0)} | ${r.load.toFixed(1)} |`
  })
  const ratios = [...new Set(results.map((r) => r.events))].flatMap((size) => {
    const ch = results.find((r) => r.store === 'clickhouse' && r.events === size)
    return results
      .filter((r) => r.events === size && r.store !== 'clickhouse' && ch)
      .map((r) => {
        // Only the runs both stores have (a store measured three times against one measured twice).
        const per = r.runs.slice(0, (/** @type {typeof ch} */ (ch)).runs.length).map((x, i) => x / /** @type {number} */ ((/** @type {typeof ch} */ (ch)).runs[i]))
        return `| ${(size / 1e6).toFixed(0)} M | ${r.store} ÷ clickhouse | ${per.map((x) => x.toFixed(1)).join(', ')} | ${Math.min(...per).toFixed(1)}–${Math.max(...per).toFixed(1)} |`
      })
  })
  writeFileSync(
    OUT,
    `# Collector stores at scale

Generated by \`npm run bench:collector\` (bench/collector/scale.mjs) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, shared with other work while it ran; Node ${process.version}; PostgreSQL ${version(`${pgBin}/postgres`, ['--version']).replace(/^.*\) /, '')} (fsync on); ClickHouse ${version('sh', ['-c', "dpkg-query -W -f='${Version}' clickhouse-server"])}; SQLite (better-sqlite3, WAL, synchronous=FULL).

Events: synthetic journeys from \`scripts/seed-demo.mjs\` (about 4.75 events per visitor, 30 days, real event JSON), loaded through each store's own \`insert()\` in batches of ${BATCH}, ${IN_FLIGHT} at a time, into a throwaway server on 127.0.0.1. Sizes are cumulative within one run (a 10 M store is the 1 M store plus 9 M events), so "ingest" for 10 M would be the rate of those last 9 M.

¹ **kept store**: the 10 M stores were built once by \`bench/collector/build-store.mjs\` (same seeds, batching and identity links; the events as large multi-row inserts — PostgreSQL's with \`--bulk\`, ClickHouse's as JSONEachRow, past its materialized views — with each store's summaries then filled by its own one-time backfill when it was opened) and reused with \`--keep\` (\`npm run bench:collector -- --sizes 10000000 --keep clickhouse=DIR,postgres=DIR --append\`), because loading 10 M events through \`insert()\` takes most of an hour on this machine. Their ingest rate is not measured; the 1 M rows' rate is through \`insert()\`, summaries included.

**Figures** is one \`store.figures()\` call for the last 30 days (every event), the whole map JSON, in a fresh process that plays the collector (bench/collector/figures-probe.mjs): first run cold, right after opening the store, then again (every run is listed). Every run is computed by the store from scratch: the collector's short-lived per-range cache (in http/, which answers a repeated request without the store) is not involved, so "again" is a warm database, not a cached answer. ClickHouse computes the map from its per-visitor-hour summaries (README "ClickHouse's summaries"), PostgreSQL from its per-person summaries (README "PostgreSQL's summaries"); SQLite from its events. **load avg** is the machine's 1-minute load average right after the figures calls (2 cores, shared with other helpers' builds and tests). **Collector RSS** is that process's memory after opening the store → peak during the figures calls (the SQLite store's worker thread runs inside it; PostgreSQL and ClickHouse compute in their own servers, whose memory is not counted).

| store | events | visitors | ingest events/s | figures, first (s) | figures, again (s) | range (s) | collector RSS (MB) | load avg (1 min) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Per-run ratios of figures latency against ClickHouse at the same size (run i ÷ ClickHouse run i):

| events | ratio | per run | range |
| --- | --- | --- | --- |
${ratios.join('\n')}

${NOTES ? `${readFileSync(NOTES, 'utf8').trim()}\n\n` : ''}${skipped.length ? `Not measured: ${skipped.join('; ')}.\n\n` : ''}${MERGE ? 'This report was rebuilt from the saved results of the runs above (--merge).' : `Last run: sizes ${SIZES.map((s) => s.toLocaleString('en')).join(', ')}; stores ${STORES.join(', ')}; ${((Date.now() - started) / 60000).toFixed(1)} min.`}
`,
  )
}
