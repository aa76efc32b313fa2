import { RudderAnalytics } from '@rudderstack/analytics-js'
const analytics = new RudderAnalytics()
analytics.load('WRITE_KEY', 'https://dataplane.example.com')
analytics.track('signup', { plan: 'team' })
