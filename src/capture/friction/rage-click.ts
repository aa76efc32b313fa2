/**
 * rage_click: clicks in quick succession on one spot, by PostHog's rule: each click
 * within RAGE_MS of the previous one and within RAGE_PX of it; RAGE_CLICKS of them
 * make a burst, sent once, RAGE_MS after its last click, with the count. Keyboard
 * and scripted clicks (`detail` 0) have no spot and are left out.
 */
import { later } from '../../log'
import { CONTROL, describeElement, type Kit } from './shared'

export const RAGE_CLICKS = 3
export const RAGE_MS = 1000
export const RAGE_PX = 30

/** A click as the detector sees it: where, when (ms), and how many clicks its burst has so far. */
export interface Click {
  x: number
  y: number
  t: number
  n: number
}

/**
 * The burst count of `next` after `last`: one more when close in time and space, else 1.
 * @example
 * burstCount({ x: 0, y: 0, t: 0, n: 2 }, { x: 5, y: 5, t: 400 }) // 3: a rage click
 */
export const burstCount = (last: Click | undefined, next: Omit<Click, 'n'>): number =>
  last && next.t - last.t < RAGE_MS && Math.hypot(next.x - last.x, next.y - last.y) < RAGE_PX ? last.n + 1 : 1

export function rageClick({ t: track, c: click }: Kit): void {
  let last: (Click & { el: Element }) | undefined
  let timer: ReturnType<typeof setTimeout>
  click.push(({ clientX: x, clientY: y, timeStamp: t, target }) => {
    const n = burstCount(last, { x, y, t })
    const el = n > 1 ? last!.el : ((target as Element).closest(CONTROL) ?? (target as Element))
    last = { x, y, t, n, el }
    if (n < RAGE_CLICKS) return
    clearTimeout(timer)
    timer = later(() => track('rage_click', { ...describeElement(el), clicks: n }, el), RAGE_MS)
  })
}
