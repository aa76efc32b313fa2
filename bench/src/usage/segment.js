import { AnalyticsBrowser } from '@segment/analytics-next'
const analytics = AnalyticsBrowser.load({ writeKey: 'WRITE_KEY' })
analytics.track('signup', { plan: 'team' })
