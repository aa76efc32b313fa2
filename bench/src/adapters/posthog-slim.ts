// PostHog's slim build (posthog-js/dist/module.slim: no bundled extensions), set up exactly as the full build in posthog.ts:
// every remote call local, compression off so the counter can read bodies, client-side rate limiting raised.
import posthog from 'posthog-js/dist/module.slim'
import { install } from '../harness'

const ready = new Promise((resolve) => {
  posthog.init('phc_bench', {
    api_host: location.origin,
    ui_host: location.origin,
    advanced_disable_flags: true,
    advanced_disable_decide: true,
    disable_compression: true,
    // Headless Chromium's user agent would be dropped as a bot.
    opt_out_useragent_filter: true,
    rate_limiting: { events_per_second: 100_000, events_burst_limit: 100_000 },
    persistence: 'localStorage',
    loaded: () => resolve(true),
  } as never)
})
install({
  ready,
  track: (token) => void posthog.capture('bench_event', { seq: token, plan: 'team' }),
})
