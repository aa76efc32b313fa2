// @ts-check
/**
 * Which requests come from bots: crawlers, headless browsers and HTTP tools.
 * A pure decision on the request's User-Agent, made once at ingest and stored
 * with each event, so figures exclude bots by default and can still show them.
 */

/**
 * User-Agent fragments that mark a bot, matched case-insensitively anywhere in the header.
 * Headless browsers announce themselves (`HeadlessChrome`, `PhantomJS`); crawlers carry
 * `bot`, `crawler`, `spider` or `slurp` in their name; the rest are HTTP tools and
 * libraries no visitor browses with. Bare `node` (Node's fetch) is left out on purpose:
 * servers relaying events from their own back end use it.
 */
export const BOT_PATTERNS = /** @type {const} */ ([
  'headlesschrome',
  'phantomjs',
  'lighthouse',
  'bot',
  'crawler',
  'crawl',
  'spider',
  'slurp',
  'curl/',
  'wget/',
  'python-requests',
  'python-urllib',
  'aiohttp',
  'httpx',
  'go-http-client',
  'java/',
  'okhttp',
  'apache-httpclient',
  'libwww-perl',
  'axios/',
  'node-fetch',
  'postmanruntime',
  'insomnia',
  'scrapy',
])

const MATCHER = new RegExp(BOT_PATTERNS.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i')

/**
 * Whether a User-Agent is a known bot, headless browser or HTTP tool. No User-Agent at
 * all is a bot too: every browser sends one.
 * @example
 * isBot('Mozilla/5.0 (X11; Linux x86_64) … HeadlessChrome/124.0.0.0 Safari/537.36') // true
 * isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) … Mobile/15E148 Safari/604.1') // false
 * @param {string | undefined} userAgent
 */
export function isBot(userAgent) {
  if (!userAgent || !userAgent.trim()) return true
  return MATCHER.test(userAgent)
}
