import { init, track } from '@plausible-analytics/tracker'
init({ domain: 'example.com' })
track('signup', { props: { plan: 'team' } })
