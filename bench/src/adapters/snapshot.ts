// No SDK: the least a tracker that snapshots each call can do (the floor of "sync µs/call"). It reads
// the time, the page's URL and title, copies the properties as JSON and leaves the rest to a microtask,
// as journeytag's track() does; it sends nothing. After a second of idle even these reads are slow
// (cold caches on a page woken from a timer), which is what the spaced scenario shows.
import { install } from '../harness'

let kept: unknown[] = []
install({
  ready: Promise.resolve(),
  track: (token) => {
    kept.push({ at: Date.now(), href: document.URL, title: document.title, json: JSON.stringify({ seq: token, plan: 'team' }) })
    if (kept.length == 1) queueMicrotask(() => (kept = []))
  },
})
