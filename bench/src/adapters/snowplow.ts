// Snowplow browser tracker, POST to the local collector. A structured event carries the token in its label.
import { newTracker, trackStructEvent } from '@snowplow/browser-tracker'
import { install } from '../harness'

newTracker('sp', location.origin, { appId: 'bench', eventMethod: 'post' })
install({
  ready: Promise.resolve(),
  track: (token) => trackStructEvent({ category: 'bench', action: 'bench_event', label: token, property: 'team' }),
})
