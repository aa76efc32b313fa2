// RudderStack v3, the "bundled" build (plugins inside; the default build fetches them from RudderStack's CDN),
// with the source config given inline instead of fetched from RudderStack's control plane.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled'
import { install } from '../harness'

const analytics = new RudderAnalytics()
const ready = new Promise((resolve) => {
  analytics.load('bench', location.origin, {
    getSourceConfig: () => ({ source: { id: 'bench', name: 'bench', enabled: true, config: {}, destinations: [] } }),
    destSDKBaseURL: `${location.origin}/rs-integrations`,
    pluginsSDKBaseURL: `${location.origin}/rs-plugins`,
    polyfillIfRequired: false,
    logLevel: 'ERROR',
    onLoaded: () => resolve(true),
  } as never)
})
install({
  ready,
  track: (token) => analytics.track('bench_event', { seq: token, plan: 'team' }),
})
