import { newTracker, trackStructEvent } from '@snowplow/browser-tracker'
newTracker('sp', 'https://collector.example.com', { appId: 'site' })
trackStructEvent({ category: 'signup', action: 'signup', property: 'team' })
