// The setup both PostHog builds are driven with: every remote call (flags, remote config, extensions) aimed at the
// local server; compression off so the counter can read bodies; client-side rate limiting raised: by default it keeps
// a burst of 100 then 10 events/s and drops the rest (with a console error each), so 10,000 calls would time the dropping.
import { install } from '../harness'

type PostHogLike = { init(key: string, options: never): unknown; capture(event: string, properties: Record<string, unknown>): unknown }

/** Initialises `posthog` as above and hands it to the harness. */
export function drivePosthog(posthog: PostHogLike): void {
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
}
