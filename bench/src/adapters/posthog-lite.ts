// posthog-js-lite with its defaults (queue in localStorage, batches of 20 or every 10 s), events to the local server;
// feature flags not preloaded (they would be one more call to answer).
import PostHog from 'posthog-js-lite'
import { install } from '../harness'

const posthog = new PostHog('phc_bench', { host: location.origin, preloadFeatureFlags: false })
install({
  ready: Promise.resolve(),
  track: (token) => void posthog.capture('bench_event', { seq: token, plan: 'team' }),
})
