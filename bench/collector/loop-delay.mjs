// @ts-check
/**
 * Preloaded into the collector by collect-latency.mjs (`node --import`): measures
 * the main thread's event-loop delay and, when the bench asks over IPC, answers
 * with the p50/p99/max since its previous question and starts afresh.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'

const histogram = monitorEventLoopDelay({ resolution: 5 })
histogram.enable()
process.on('message', (message) => {
  if (message !== 'loop-delay') return
  const ms = (/** @type {number} */ ns) => Math.round(ns / 1e4) / 100
  process.send?.({ loopDelay: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) } })
  histogram.reset()
})
// The IPC channel must not keep the collector alive on its own.
process.channel?.unref()
