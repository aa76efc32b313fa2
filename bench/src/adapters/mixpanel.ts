// Mixpanel with batching (its default) to the local server; JSON payloads so the counter can read them.
import mixpanel from 'mixpanel-browser'
import { install } from '../harness'

const ready = new Promise((resolve) => {
  mixpanel.init('bench-token', {
    api_host: location.origin,
    api_payload_format: 'json',
    persistence: 'localStorage',
    loaded: () => resolve(true),
  } as never)
})
install({
  ready,
  track: (token) => mixpanel.track('bench_event', { seq: token, plan: 'team' }),
})
