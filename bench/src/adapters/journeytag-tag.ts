// journeytag as most sites install it: the script tag (dist/journeytag.global.js, every capture on) with its
// endpoint in data-endpoint, after the README's pre-load stub; events through the documented `journeytag.track`.
import { install } from '../harness'

type Tag = ((...args: unknown[]) => void) & { q?: unknown[][]; track?: (type: string, properties: object) => void }
const w = window as unknown as { journeytag?: Tag }
w.journeytag ??= Object.assign((...args: unknown[]) => void (w.journeytag!.q ??= []).push(args), {})
const script = document.createElement('script')
script.src = '/page/journeytag-script.js'
script.dataset.endpoint = `${location.origin}/collect`
const loaded = new Promise((resolve, reject) => {
  script.onload = resolve
  script.onerror = reject
})
document.head.append(script)
install({
  // As for the npm adapter: rules resolve asynchronously, so give init a moment after the load.
  ready: loaded.then(() => new Promise((resolve) => setTimeout(resolve, 200))),
  track: (token) => w.journeytag!.track!('bench_event', { seq: token, plan: 'team' }),
})
