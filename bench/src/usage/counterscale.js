import { init, trackPageview } from '@counterscale/tracker'
init({ siteId: 'example', reporterUrl: 'https://counterscale.example.com/collect', autoTrackPageviews: false })
trackPageview()
