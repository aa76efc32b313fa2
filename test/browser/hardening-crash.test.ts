/**
 * Issue 12, "data lost" by a crash: the browser is SIGKILLed (no pagehide, no
 * unload, nothing flushed) shortly after track() returned. Only what reached
 * IndexedDB survives, so the time from track() returning to the event being
 * readable there is the window in which a crash can still lose it. The first
 * test measures that window (the README quotes it from an idle machine) and
 * holds it under 50 ms; the crash tests kill the browser the moment the events
 * are readable, never later, so a slow machine cannot turn a durability test
 * into a race with a fixed timer.
 */
import { afterEach, expect, test } from 'vitest'
import { startCollector, waitFor } from './support/servers'
import { deadPort, html, loaded, startSite } from './support/hardening-site'
import { initWith } from './support/hardening-pages'
import { startKillable, tempProfile } from './support/killable-browser'

/** The crash window the README promises (issue 12: under 50 ms). Browser test files run one at a time, so CI measures it unloaded. */
const WINDOW_MS = 50
const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup() {
  const port = await deadPort()
  const site = await startSite()
  cleanups.push(() => site.close())
  const profile = tempProfile()
  cleanups.push(() => profile.remove())
  // A long flush interval and a collector that is down: nothing leaves IndexedDB during the test.
  const url = site.page('/crash.html', html({ before: initWith({ endpoint: `http://127.0.0.1:${port}/collect`, autoPageviews: false, flushInterval: 60_000, retry: { delay: 100, backoffLimit: 500 } }) }))
  const start = async () => {
    const browser = await startKillable(profile.dir)
    cleanups.push(() => browser.close())
    const tab = await browser.context.newPage()
    await tab.goto(url)
    await loaded(tab)
    return { browser, tab }
  }
  return { port, start }
}

/**
 * In the tab: `calls` track() calls at random moments, each timed from its return until the event can be
 * read back, through a connection of our own, from IndexedDB (or from localStorage, the page-hide last resort).
 */
function timeToReadable(calls: number): Promise<number[]> {
  return (async () => {
    const jt = (window as unknown as { journeytag: { track(t: string, p: object): void } }).journeytag
    // Our connection opens the SDK's database only once it exists (opening it first would create it without a store).
    while (!(await indexedDB.databases()).some((d) => d.name === 'journeytag')) await new Promise((r) => setTimeout(r, 5))
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = indexedDB.open('journeytag')
      open.onsuccess = () => resolve(open.result)
    })
    const inIndexedDb = (marker: string) =>
      new Promise<boolean>((resolve) => {
        const read = db.transaction('events').objectStore('events').getAll()
        read.onsuccess = () => resolve(JSON.stringify(read.result).includes(marker))
        read.onerror = () => resolve(false)
      })
    const inLocalStorage = (marker: string) => Object.keys(localStorage).some((k) => k.startsWith('journeytag') && localStorage.getItem(k)!.includes(marker))
    const times: number[] = []
    for (let i = 0; i < calls; i++) {
      const marker = `probe-${i}-${Math.random()}`
      jt.track('probe', { marker })
      const returned = performance.now()
      while (!(inLocalStorage(marker) || (await inIndexedDb(marker)))) if (performance.now() - returned > 5_000) break
      times.push(performance.now() - returned)
      await new Promise((r) => setTimeout(r, Math.random() * 20)) // not in lockstep with the SDK's timers
    }
    db.close()
    return times
  })()
}

test(`an event is readable in IndexedDB within ${WINDOW_MS} ms of track() returning, p99, the first call of a page load included`, async () => {
  const { start } = await setup()
  const { tab } = await start()
  await tab.evaluate(() => (window as unknown as { journeytag: { track(t: string): void } }).journeytag.track('first_visit'))
  const steady = await tab.evaluate(timeToReadable, 100)
  // The first track() of a page load: the page has not opened its IndexedDB connection yet.
  const firstOfPage: number[] = []
  for (let i = 0; i < 6; i++) {
    await tab.reload()
    await loaded(tab)
    firstOfPage.push(...(await tab.evaluate(timeToReadable, 1)))
  }
  const all = [...steady, ...firstOfPage].sort((a, b) => a - b)
  const at = (q: number, xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1]!.toFixed(1)
  console.log(`time to readable in Chromium: ${steady.length} calls p50 ${at(0.5, steady)} ms p99 ${at(0.99, steady)} ms; first call of ${firstOfPage.length} page loads p50 ${at(0.5, firstOfPage)} ms max ${at(1, firstOfPage)} ms`)
  expect(Number(at(0.99, all))).toBeLessThan(WINDOW_MS)
})

/**
 * Tracks 200 events in one task, SIGKILLs the browser as soon as a connection of our own can read them all
 * from IndexedDB, then restarts it with the collector up. A burst of 200 takes longer than one event (measured
 * 13–42 ms here, the README quotes it); 4 × WINDOW_MS still fails an SDK that writes only later or on page hide.
 */
async function crashAndRestart(port: number, start: Awaited<ReturnType<typeof setup>>['start'], first: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['start']>>) {
  const readableAfter = await first.tab.evaluate(async (limit) => {
    const jt = (window as unknown as { journeytag: { track(t: string, p: object): void } }).journeytag
    // Our own connection, opened before the calls (the SDK's database exists by now), so polling costs one read.
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = indexedDB.open('journeytag')
      open.onsuccess = () => resolve(open.result)
    })
    const all = () =>
      new Promise<boolean>((resolve) => {
        const read = db.transaction('events').objectStore('events').getAll()
        read.onsuccess = () => resolve(JSON.stringify(read.result).split('before_crash').length > 200)
        read.onerror = () => resolve(false)
      })
    for (let n = 0; n < 200; n++) jt.track('before_crash', { n })
    const returned = performance.now()
    let readable = -1
    while (readable < 0 && performance.now() - returned < limit) if (await all()) readable = performance.now() - returned
    db.close()
    return readable
  }, WINDOW_MS * 4)
  await first.browser.kill()
  console.log(`200 events readable in IndexedDB ${readableAfter.toFixed(1)} ms after the calls returned`)
  expect(readableAfter, 'ms until the 200 events were readable in IndexedDB').toBeGreaterThanOrEqual(0)
  expect(readableAfter).toBeLessThan(WINDOW_MS * 4)
  const collector = await startCollector({ port })
  cleanups.push(() => collector.close())
  await start()
  const arrived = () => new Set(collector.events().filter((e) => e.type === 'before_crash').map((e) => e.properties.n)).size
  await waitFor(() => arrived() >= 200, 20_000, '200 events after the restart').catch(() => {})
  return arrived()
}

test(`the browser SIGKILLed once 200 track() calls are in IndexedDB, on a returning visitor's page: all 200 arrive after a restart`, async () => {
  const { port, start } = await setup()
  const visit = await start()
  await visit.tab.evaluate(() => (window as unknown as { journeytag: { track(t: string): void } }).journeytag.track('earlier_page'))
  await visit.tab.waitForTimeout(300)
  await visit.tab.reload() // a new page load: its IndexedDB connection is not open yet
  await loaded(visit.tab)
  expect(await crashAndRestart(port, start, visit)).toBe(200)
})

test(`the browser SIGKILLed once 200 track() calls are in IndexedDB, on a first visit, once the SDK has started: all 200 arrive after a restart`, async () => {
  const { port, start } = await setup()
  const visit = await start()
  // The README's window: on a first visit the database is created when the SDK starts; what is tracked once it exists is covered.
  await visit.tab.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'journeytag'))
  expect(await crashAndRestart(port, start, visit)).toBe(200)
})
