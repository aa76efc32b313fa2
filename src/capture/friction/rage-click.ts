/**
 * rage_click: clicks in quick succession on one spot, by PostHog's rule: each click
 * within 1 s of the previous one and within 30 px of it; 3 of them make a burst,
 * sent once, 1 s after its last click, with the count. Keyboard and scripted clicks
 * (`detail` 0) never reach it (see index.ts).
 */
import { later } from '../../log'
import { clickedControl } from './dead-click'
import { describeElement, type Kit } from './shared'

/** A click as the detector sees it: where, when (ms), and how many clicks its burst has so far. */
export interface Click {
  x: number
  y: number
  t: number
  n: number
}

/**
 * The burst count of `next` after `last`: one more when within 1 s and 30 px, else 1.
 * @example
 * burstCount({ x: 0, y: 0, t: 0, n: 2 }, { x: 5, y: 5, t: 400 }) // 3: a rage click
 */
export const burstCount = (last: Click | undefined, next: Omit<Click, 'n'>): number =>
  last && next.t - last.t < 1000 && Math.hypot(next.x - last.x, next.y - last.y) < 30 ? last.n + 1 : 1

export const rageClick = ({ t: track, c: clicks }: Kit): void => {
  let last: (Click & { el: Element }) | undefined
  let timer: ReturnType<typeof setTimeout>
  clicks.push((e) => {
    const next = { x: e.clientX, y: e.clientY, t: e.timeStamp }
    const n = burstCount(last, next)
    // The burst's element is the one its first click was on (later clicks may land on a child).
    const el = n > 1 ? last!.el : clickedControl(e.target as Element) || (e.target as Element)
    last = { ...next, n, el }
    if (n > 2) clearTimeout(timer), (timer = later(() => track('rage_click', { ...describeElement(el), clicks: n }, el), 1000))
  })
}
