/** The SDKs side by side: what to install, how they are used, and what each loads beyond its npm bundle. */

export interface Sdk {
  id: string
  label: string
  /** npm packages whose versions the report names. */
  packages: string[]
  /** Entry in src/usage/ (init + one track, as a site would write it), measured for size; none for 'none'. */
  usage?: string
  /** Adapter in src/adapters/ driven in Chromium; none when the row is size-only. */
  adapter?: string
  /** Code this SDK fetches at run time that no bundle of its npm package contains (so its size is a lower bound). */
  loadsAtRunTime: string
  /** Whether the SDK says it keeps unsent events across a reload. */
  persistentQueue: string
}

export const SDKS: Sdk[] = [
  {
    id: 'journeytag',
    label: 'journeytag',
    packages: ['journeytag'],
    usage: 'journeytag.js',
    adapter: 'journeytag.ts',
    loadsAtRunTime: 'nothing (a rules URL, if given, is JSON data)',
    persistentQueue: 'IndexedDB (durable queue)',
  },
  {
    id: 'segment',
    label: 'Segment analytics-next',
    packages: ['@segment/analytics-next'],
    usage: 'segment.js',
    adapter: 'segment.ts',
    loadsAtRunTime: 'settings JSON, then each device-mode/action destination enabled in the workspace from Segment’s CDN',
    persistentQueue: 'localStorage retry queue',
  },
  {
    id: 'rudderstack',
    label: 'RudderStack v3',
    packages: ['@rudderstack/analytics-js'],
    usage: 'rudderstack.js',
    loadsAtRunTime: 'source config, then its plugins (queue, storage, consent…) from RudderStack’s CDN; see the bundled row',
    persistentQueue: 'localStorage (XhrQueue plugin)',
  },
  {
    id: 'rudderstack-bundled',
    label: 'RudderStack v3 (bundled plugins)',
    packages: ['@rudderstack/analytics-js'],
    usage: 'rudderstack-bundled.js',
    adapter: 'rudderstack.ts',
    loadsAtRunTime: 'source config; device-mode destinations from the CDN if configured',
    persistentQueue: 'localStorage (XhrQueue plugin)',
  },
  {
    id: 'posthog',
    label: 'PostHog',
    packages: ['posthog-js'],
    usage: 'posthog.js',
    adapter: 'posthog.ts',
    loadsAtRunTime: 'remote config/flags, then recorder, surveys, toolbar, web-vitals… scripts from its assets host when enabled',
    persistentQueue: 'not documented; measured below',
  },
  {
    id: 'snowplow',
    label: 'Snowplow browser-tracker',
    packages: ['@snowplow/browser-tracker'],
    usage: 'snowplow.js',
    adapter: 'snowplow.ts',
    loadsAtRunTime: 'nothing',
    persistentQueue: 'localStorage outQueue',
  },
  {
    id: 'amplitude',
    label: 'Amplitude browser',
    packages: ['@amplitude/analytics-browser'],
    usage: 'amplitude.js',
    adapter: 'amplitude.ts',
    loadsAtRunTime: 'remote config JSON (turned off here)',
    persistentQueue: 'localStorage unsent events',
  },
  {
    id: 'mixpanel',
    label: 'Mixpanel',
    packages: ['mixpanel-browser'],
    usage: 'mixpanel.js',
    adapter: 'mixpanel.ts',
    loadsAtRunTime: 'nothing: the default import bundles the session recorder (rrweb); see the core row',
    persistentQueue: 'localStorage batch queue',
  },
  {
    id: 'mixpanel-core',
    label: 'Mixpanel (core loader, no recorder)',
    packages: ['mixpanel-browser'],
    usage: 'mixpanel-core.js',
    loadsAtRunTime: 'nothing (recording impossible with this loader)',
    persistentQueue: 'localStorage batch queue',
  },
  {
    id: 'plausible',
    label: 'Plausible tracker',
    packages: ['@plausible-analytics/tracker'],
    usage: 'plausible.js',
    adapter: 'plausible.ts',
    loadsAtRunTime: 'nothing',
    persistentQueue: 'none (one request per event)',
  },
  {
    id: 'none',
    label: '(no SDK: harness only)',
    packages: [],
    adapter: 'none.ts',
    loadsAtRunTime: '',
    persistentQueue: '',
  },
]
