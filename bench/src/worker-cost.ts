/**
 * What the storage worker costs (README "Per-call cost, spaced calls"): journeytag's page with `storageWorker` on and
 * off in turn, each on a fresh browser, paired per round. Per spaced event (calls 1 s apart, idle rate subtracted):
 * main-thread CPU (CDP ThreadTime) and the whole renderer process's CPU (ProcessTime: every thread, 10 ms steps);
 * page start (navigation to settled) main-thread and process CPU; renderer RSS (ps, every renderer of the one browser open).
 * usage: npm run --prefix bench worker-cost -- [rounds=3] [calls=30]   (builds dist first: npm run build)
 */
import { execSync } from 'node:child_process'
import { join } from 'node:path'
import { BENCH, OUT, bundlePage } from './build'
import { elapsed, freshPage, sleep, threadClock } from './browser'
import { startServer } from './server'
import { newPrefix } from './tokens'
const [rounds = '3', calls = '60'] = process.argv.slice(2)
await bundlePage(join(BENCH, 'src/adapters/journeytag.ts'), join(OUT, 'pages', 'journeytag.js'))
const server = await startServer(join(OUT, 'pages'))
const rendererRss = () => Number(execSync(`ps -eo rss,args | grep -- '--type=renderer' | grep -v grep | awk '{s+=$1} END {print s}'`).toString().trim())
async function one(o: object) {
  const { context, page, close } = await freshPage()
  try {
    const clock = await threadClock(context, page)
    const c0 = await clock()
    await page.goto(`${server.origin}/page/journeytag.html?o=${encodeURIComponent(JSON.stringify(o))}`)
    await page.evaluate(() => (window as any).__bench.ready)
    await sleep(3000)
    const c1 = await clock(); const t1 = performance.now()
    await sleep(20000)
    const c2 = await clock(); const t2 = performance.now()
    const rss = rendererRss()
    await page.evaluate(([p, n]) => (window as any).__bench.spacedCalls(p, n, 1000), [newPrefix(), Number(calls)] as const)
    await sleep(4000)
    const c3 = await clock(); const t3 = performance.now()
    const idle = elapsed(c1, c2), busy = elapsed(c2, c3), ms = t3 - t2, idleMs = t2 - t1
    return {
      start: elapsed(c0, c1),
      main: (busy.threadUs - (idle.threadUs / idleMs) * ms) / Number(calls),
      proc: (busy.processUs - (idle.processUs / idleMs) * ms) / Number(calls),
      rss,
    }
  } finally { await close() }
}
for (let i = 0; i < Number(rounds); i++) {
  const w = await one({}), m = await one({ storageWorker: false })
  console.log(`round ${i}: worker main ${w.main.toFixed(0)} proc ${w.proc.toFixed(0)} start main ${(w.start.threadUs / 1000).toFixed(1)} ms proc ${(w.start.processUs / 1000).toFixed(0)} ms rss ${(w.rss / 1024).toFixed(1)} MB | main-thread main ${m.main.toFixed(0)} proc ${m.proc.toFixed(0)} start main ${(m.start.threadUs / 1000).toFixed(1)} ms proc ${(m.start.processUs / 1000).toFixed(0)} ms rss ${(m.rss / 1024).toFixed(1)} MB | ratio main ${(w.main / m.main).toFixed(2)} proc ${(w.proc / m.proc).toFixed(2)}`)
}
await server.close()
