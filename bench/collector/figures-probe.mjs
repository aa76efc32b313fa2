#!/usr/bin/env node
// @ts-check
/**
 * Plays the collector for scale.mjs: a fresh process opens the store and asks for the map
 * `runs` times, so its memory is a collector's (no loader or generator in it) and the first
 * call is truly cold. Prints one JSON line: seconds per run, RSS before and at peak, visitors.
 *
 *   node bench/collector/figures-probe.mjs '{"dbPath":"…"}' '{"from":…,"to":…,"phases":[…]}' 3
 */
import { openStore } from '../../examples/collector/stores/store.js'

const [config, query, runs = '3'] = process.argv.slice(2)
const store = await openStore(JSON.parse(/** @type {string} */ (config)))
const baseMb = process.memoryUsage().rss / 1024 / 1024
let peak = process.memoryUsage().rss
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
/** @type {number[]} */
const seconds = []
let visitors = 0
for (let run = 0; run < Number(runs); run++) {
  const t0 = performance.now()
  const figures = await store.figures(JSON.parse(/** @type {string} */ (query)))
  seconds.push((performance.now() - t0) / 1000)
  visitors = figures.totals.visitors
}
clearInterval(timer)
peak = Math.max(peak, process.memoryUsage().rss)
await store.close()
console.log(JSON.stringify({ seconds, baseMb, peakMb: peak / 1024 / 1024, visitors }))
