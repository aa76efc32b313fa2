/** The SDKs side by side: what to install, how they are used, what each loads beyond its npm bundle, and whether it keeps unsent events. */

/** Whether unsent events survive a reload or an offline spell, read from the SDK's own code (the file named in `evidence`). */
export interface Keeps {
  verdict: 'yes' | 'no'
  /** Where they are kept, or how they are sent instead. */
  how: string
  /** File and construct in the installed package (bench/node_modules) or the cited repository that shows it. */
  evidence: string
}

/** A tracker that no npm package ships: its size measured once by hand from the file its vendor serves, not by `npm run bench`. */
export interface Reference {
  /** gzip -9 of the file as its vendor serves it, in bytes. */
  servedGzip: number
  /** Minified by esbuild (same settings as the bundles), then gzip level 9, when the served file is not minified. */
  minifiedGzip?: number
  source: string
}

export interface Sdk {
  id: string
  label: string
  /** npm packages whose versions the report names. */
  packages: string[]
  /** Entry in src/usage/ (init + one track, as a site would write it), or a path under bench/ of a script file shipped inside an npm package; measured for size. */
  usage?: string
  /** The size row is one script file the npm package ships (not an importable module); the report says so. */
  scriptFile?: string
  /** Not on npm: a hand-measured reference figure instead of a bundle. */
  reference?: Reference
  /** Adapter in src/adapters/ driven in Chromium; none when the row is size-only. */
  adapter?: string
  /** Code this SDK fetches at run time that no bundle of its npm package contains (so its size is a lower bound). */
  loadsAtRunTime: string
  keeps?: Keeps
  /** Every setting the adapter gives that is not the SDK's default, and why. */
  settings?: string[]
}

export const SDKS: Sdk[] = [
  {
    id: 'journeytag',
    label: 'journeytag',
    packages: ['journeytag'],
    usage: 'journeytag.js',
    adapter: 'journeytag.ts',
    loadsAtRunTime: 'nothing (a rules URL, if given, is JSON data)',
    keeps: { verdict: 'yes', how: 'IndexedDB (durable queue)', evidence: 'README (durable IndexedDB queue); measured in the durability and faults sections' },
    settings: ['`endpoint` (the local server); durability runs only: `maxQueueSize: 10000`, and for the latency part `flushInterval: 3600000, batchSize: 1000`'],
  },
  {
    id: 'journeytag-tag',
    label: 'journeytag script tag',
    packages: ['journeytag'],
    adapter: 'journeytag-tag.ts',
    loadsAtRunTime: 'nothing',
    keeps: { verdict: 'yes', how: 'IndexedDB (durable queue)', evidence: 'as journeytag' },
    settings: ['`data-endpoint` (the local server); every capture at its default (on)'],
  },
  {
    id: 'segment',
    label: 'Segment analytics-next',
    packages: ['@segment/analytics-next'],
    usage: 'segment.js',
    adapter: 'segment.ts',
    loadsAtRunTime: 'settings JSON, then each device-mode/action destination enabled in the workspace from Segment’s CDN',
    keeps: { verdict: 'yes', how: 'localStorage retry queue', evidence: '@segment/analytics-next dist/pkg/lib/priority-queue/persisted.js: PersistedPriorityQueue saved to window.localStorage' },
    settings: ['`cdnSettings` given inline and `cdnURL` local (no settings fetch)', 'Segment.io destination `apiHost` local, `protocol: http`'],
  },
  {
    id: 'rudderstack',
    label: 'RudderStack v3',
    packages: ['@rudderstack/analytics-js'],
    usage: 'rudderstack.js',
    loadsAtRunTime: 'source config, then its plugins (queue, storage, consent…) from RudderStack’s CDN; see the bundled row',
    keeps: { verdict: 'yes', how: 'localStorage (XhrQueue plugin)', evidence: '@rudderstack/analytics-js bundled build: the XhrQueue plugin’s RetryQueue, “backed by localStorage”' },
  },
  {
    id: 'rudderstack-bundled',
    label: 'RudderStack v3 (bundled plugins)',
    packages: ['@rudderstack/analytics-js'],
    usage: 'rudderstack-bundled.js',
    adapter: 'rudderstack.ts',
    loadsAtRunTime: 'source config; device-mode destinations from the CDN if configured',
    keeps: { verdict: 'yes', how: 'localStorage (XhrQueue plugin)', evidence: '@rudderstack/analytics-js bundled build: the XhrQueue plugin’s RetryQueue, “backed by localStorage”' },
    settings: ['`getSourceConfig` inline (no control-plane fetch)', '`destSDKBaseURL`, `pluginsSDKBaseURL` local', '`polyfillIfRequired: false`', "`logLevel: 'ERROR'`"],
  },
  {
    id: 'posthog',
    label: 'PostHog',
    packages: ['posthog-js'],
    usage: 'posthog.js',
    adapter: 'posthog.ts',
    loadsAtRunTime: 'remote config/flags, then recorder, surveys, toolbar, web-vitals… scripts from its assets host when enabled',
    keeps: { verdict: 'no', how: 'in memory; sent with sendBeacon on pagehide', evidence: 'posthog-js lib/src/request-queue.js and retry-queue.js: in-memory arrays, unload() sends them with sendBeacon; nothing written to storage' },
    settings: [
      '`api_host`, `ui_host` local',
      '`advanced_disable_flags`, `advanced_disable_decide` (no flags call)',
      '`disable_compression` (so the local server can read the bodies)',
      '`opt_out_useragent_filter` (headless Chromium would be dropped as a bot)',
      '`rate_limiting: { events_per_second: 100000, events_burst_limit: 100000 }` (default: a burst of 100 then 10/s, the rest dropped)',
      "`persistence: 'localStorage'` (default localStorage+cookie)",
    ],
  },
  {
    id: 'posthog-slim',
    label: 'PostHog slim (module.slim)',
    packages: ['posthog-js'],
    usage: 'posthog-slim.js',
    adapter: 'posthog-slim.ts',
    loadsAtRunTime: 'remote config/flags; features are opt-in extensions',
    keeps: { verdict: 'no', how: 'in memory; sent with sendBeacon on pagehide', evidence: 'same request-queue.js / retry-queue.js as posthog-js' },
    settings: ['as PostHog'],
  },
  {
    id: 'posthog-lite',
    label: 'posthog-js-lite',
    packages: ['posthog-js-lite'],
    usage: 'posthog-lite.js',
    adapter: 'posthog-lite.ts',
    loadsAtRunTime: 'feature flags unless `preloadFeatureFlags: false`',
    keeps: { verdict: 'yes', how: 'localStorage (queue in `ph_<key>_posthog`)', evidence: '@posthog/core posthog-core-stateless.mjs enqueue(): the queue is a persisted property; posthog-js-lite dist/index.mjs setPersistedProperty() writes it to localStorage' },
    settings: ['`host` local', '`preloadFeatureFlags: false` (no flags call)'],
  },
  {
    id: 'snowplow',
    label: 'Snowplow browser-tracker',
    packages: ['@snowplow/browser-tracker'],
    usage: 'snowplow.js',
    adapter: 'snowplow.ts',
    loadsAtRunTime: 'nothing',
    keeps: { verdict: 'yes', how: 'localStorage outQueue', evidence: '@snowplow/browser-tracker-core OutQueueManager: `useLocalStorage` defaults to true (`maxLocalStorageQueueSize` 1000)' },
    settings: ["`eventMethod: 'post'` (default post as well; stated so the counter reads bodies)"],
  },
  {
    id: 'amplitude',
    label: 'Amplitude browser',
    packages: ['@amplitude/analytics-browser'],
    usage: 'amplitude.js',
    adapter: 'amplitude.ts',
    loadsAtRunTime: 'remote config JSON (turned off here)',
    keeps: { verdict: 'yes', how: 'localStorage unsent events', evidence: '@amplitude/analytics-core lib/esm/plugins/destination.js: unsent events saved under `AMP_unsent_<key>` through config.storageProvider (localStorage in the browser)' },
    settings: ['`serverUrl` local', '`fetchRemoteConfig: false` (it would call Amplitude)', '`logLevel: 0`'],
  },
  {
    id: 'mixpanel',
    label: 'Mixpanel',
    packages: ['mixpanel-browser'],
    usage: 'mixpanel.js',
    adapter: 'mixpanel.ts',
    loadsAtRunTime: 'nothing: the default import bundles the session recorder (rrweb); see the core row',
    keeps: { verdict: 'yes', how: 'localStorage batch queue', evidence: 'mixpanel-browser src/request-queue.js: “queue for batching API requests with localStorage backup for retries”' },
    settings: ['`api_host` local', "`api_payload_format: 'json'` (so the counter reads bodies)", "`persistence: 'localStorage'` (default cookie)"],
  },
  {
    id: 'mixpanel-core',
    label: 'Mixpanel (core loader, no recorder)',
    packages: ['mixpanel-browser'],
    usage: 'mixpanel-core.js',
    loadsAtRunTime: 'nothing (recording impossible with this loader)',
    keeps: { verdict: 'yes', how: 'localStorage batch queue', evidence: 'as Mixpanel' },
  },
  {
    id: 'plausible',
    label: 'Plausible tracker (npm)',
    packages: ['@plausible-analytics/tracker'],
    usage: 'plausible.js',
    adapter: 'plausible.ts',
    loadsAtRunTime: 'nothing',
    keeps: { verdict: 'no', how: 'one request per event', evidence: '@plausible-analytics/tracker: each track() is one fetch; nothing stored' },
    settings: ['`endpoint` local', '`captureOnLocalhost: true` (the page is on 127.0.0.1)', '`logging: false`'],
  },
  {
    id: 'umami',
    label: 'Umami (tracker script)',
    packages: ['umami'],
    usage: '.build/vendor/umami-2.10.0/package/src/tracker/index.js',
    scriptFile: 'the `umami` npm package (the whole app) ships the tracker only as src/tracker/index.js, the source its build minifies into script.js; that file alone, minified with the same esbuild settings',
    loadsAtRunTime: 'nothing',
    keeps: { verdict: 'no', how: 'one fetch per event', evidence: 'umami src/tracker/index.js: send() awaits one fetch to /api/send; localStorage only read for `umami.disabled`' },
  },
  {
    id: 'counterscale',
    label: 'Counterscale tracker',
    packages: ['@counterscale/tracker'],
    usage: 'counterscale.js',
    loadsAtRunTime: 'nothing (page views only: no custom events)',
    keeps: { verdict: 'no', how: 'one XHR per page view', evidence: '@counterscale/tracker dist/module/index.js: a GET to /cache, then a GET to /collect per page view; nothing stored' },
  },
  {
    id: 'goatcounter',
    label: 'GoatCounter count.js (not on npm)',
    packages: [],
    reference: { servedGzip: 3326, minifiedGzip: 2199, source: 'public/count.js of arp242/goatcounter at c957f51 (2026-08-21), served unminified from gc.zgo.at; no first-party npm package' },
    loadsAtRunTime: 'nothing',
    keeps: { verdict: 'no', how: 'one sendBeacon (or image) per hit', evidence: 'count.js count(): navigator.sendBeacon(url), an <img> as fallback; localStorage only for the `skipgc` opt-out' },
  },
  {
    id: 'simpleanalytics',
    label: 'Simple Analytics latest.js (not on npm)',
    packages: [],
    reference: { servedGzip: 3833, source: 'dist/latest/latest.js of simpleanalytics/scripts at 339ffb1 (2025-05-29; light.js 2017 B); its npm packages (@simpleanalytics/react, gatsby/vue/vuepress plugins) inject the CDN script' },
    loadsAtRunTime: 'nothing',
    keeps: { verdict: 'no', how: 'one request per hit (sendBeacon on page hide)', evidence: 'latest.js: sendBeacon(…/append) or an image/XHR per hit; nothing stored' },
  },
  {
    id: 'matomo',
    label: 'Matomo matomo.js core (not on npm)',
    packages: [],
    reference: { servedGzip: 21874, source: 'js/piwik.min.js (= matomo.js before plugin trackers are appended) of matomo-org/matomo 5.2.0-b5 at f09912c (2024-10-24); npm wrappers (@datapunt/matomo-tracker-js…) inject matomo.js from the Matomo server' },
    loadsAtRunTime: 'plugin trackers a Matomo server appends to matomo.js (heatmaps, media, forms…) are not counted',
    keeps: { verdict: 'no', how: 'in-memory request queue, sendBeacon/XHR', evidence: 'js/piwik.js: requestQueue in memory, sendBeacon or XHR; no localStorage/IndexedDB' },
  },
  {
    id: 'snapshot',
    label: '(floor, no SDK: the call\'s snapshot alone)',
    packages: [],
    adapter: 'snapshot.ts',
    loadsAtRunTime: '',
    settings: ['reads Date.now(), document.URL and document.title, JSON-copies the properties, queues a microtask; sends nothing'],
  },
  {
    id: 'none',
    label: '(no SDK: harness only)',
    packages: [],
    adapter: 'none.ts',
    loadsAtRunTime: '',
  },
]
