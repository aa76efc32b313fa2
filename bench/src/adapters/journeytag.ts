// journeytag as an npm user bundles it (dist/index.js). Extra init() options come from ?o=<json> (durability runs).
import { init, track } from '../../../dist/index.js'
import { install } from '../harness'

const extra = JSON.parse(new URLSearchParams(location.search).get('o') ?? '{}')
init({ endpoint: `${location.origin}/collect`, ...extra })
install({
  // Rules (the defaults here) resolve asynchronously; give init a moment like the peers' ready callbacks.
  ready: new Promise((resolve) => setTimeout(resolve, 200)),
  track: (token) => track('bench_event', { seq: token, plan: 'team' }),
})
