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

/**
 * Paired per-run ratios a[i] ÷ b[i] (run i of one SDK against run i of another, taken in
 * the same machine state), summarised as their median and range; pairs with a missing or
 * non-positive side are left out.
 */
export function pairedRatios(a: number[], b: number[]): Spread {
  const ratios: number[] = []
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i]! > 0 && a[i]! >= 0) ratios.push(a[i]! / b[i]!)
  }
  return spread(ratios)
}

/** A count (long tasks per run) reproduces when no run saw any, or every run saw some and the largest is at most twice the smallest. */
export function reproduces(counts: number[]): boolean {
  const valid = counts.filter(Number.isFinite)
  if (!valid.length) return false
  const min = Math.min(...valid)
  const max = Math.max(...valid)
  return max === 0 || (min > 0 && max <= 2 * min)
}
