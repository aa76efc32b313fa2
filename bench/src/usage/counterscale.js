import { init } from '@counterscale/tracker'
// Page views only (Counterscale has no custom events); init() records the first one itself.
init({ siteId: 'example', reporterUrl: 'https://counterscale.example.com/collect' })
