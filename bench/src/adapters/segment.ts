// Segment analytics-next with its settings given inline (no CDN fetch) and the Segment.io destination pointed at the local server.
import { AnalyticsBrowser } from '@segment/analytics-next'
import { install } from '../harness'

const host = location.host
const analytics = AnalyticsBrowser.load(
  {
    writeKey: 'bench',
    cdnURL: location.origin,
    cdnSettings: { integrations: { 'Segment.io': { apiKey: 'bench', apiHost: `${host}/v1`, protocol: 'http' } } } as never,
  },
  { integrations: { 'Segment.io': { apiHost: `${host}/v1`, protocol: 'http' } } },
)
install({
  ready: analytics.ready(),
  track: (token) => void analytics.track('bench_event', { seq: token, plan: 'team' }),
})
