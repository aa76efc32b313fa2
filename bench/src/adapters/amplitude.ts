// Amplitude browser SDK 2, remote config off (it would fetch Amplitude's servers), events to the local server.
import * as amplitude from '@amplitude/analytics-browser'
import { install } from '../harness'

const { promise } = amplitude.init('bench-api-key', {
  serverUrl: `${location.origin}/2/httpapi`,
  fetchRemoteConfig: false,
  remoteConfig: { fetchRemoteConfig: false },
  logLevel: 0,
} as never)
install({
  ready: promise,
  track: (token) => void amplitude.track('bench_event', { seq: token, plan: 'team' }),
})
