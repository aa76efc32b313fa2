// Plausible's official npm tracker: one request per event, no queue.
import { init, track } from '@plausible-analytics/tracker'
import { install } from '../harness'

init({ domain: 'bench.example', endpoint: `${location.origin}/api/event`, captureOnLocalhost: true, logging: false })
install({
  ready: Promise.resolve(),
  track: (token) => track('bench_event', { props: { seq: token, plan: 'team' } }),
})
