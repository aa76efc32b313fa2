/** Number formatting shared by results.md, the README block and the chart. */
import type { Spread } from './stats'

export const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '–')
export const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–')
/** A median with the range of the runs in brackets. */
export const range = (s: Spread, digits = 1) => (!s.runs ? '–' : s.runs > 1 ? `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})` : num(s.median, digits))
/** A paired ratio: its median and, over several runs, its range. */
export const ratio = (s: Spread | undefined) =>
  !s || !s.runs ? '–' : s.runs > 1 ? `${ratioDigits(s.median)}× (${ratioDigits(s.min)}–${ratioDigits(s.max)})` : `${ratioDigits(s.median)}×`
const ratioDigits = (v: number) => (v < 0.1 ? v.toFixed(3) : v.toFixed(2))
/** Thousands separators for large per-call figures. */
export const big = (v: number) => (Number.isFinite(v) ? (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 0 : 1)) : '–')
