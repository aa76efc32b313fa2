/** Small statistics for benchmark samples. */

/** The q-quantile (0..1) of the samples, linearly interpolated. */
export function quantile(samples: number[], q: number): number {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low)
}

export const median = (samples: number[]) => quantile(samples, 0.5)

/** Median of the runs with their min and max: how a figure is reported. */
export interface Spread {
  median: number
  min: number
  max: number
  runs: number
}

export function spread(samples: number[]): Spread {
  const valid = samples.filter((v) => Number.isFinite(v))
  return { median: median(valid), min: Math.min(...valid), max: Math.max(...valid), runs: valid.length }
}
