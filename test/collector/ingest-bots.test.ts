// @vitest-environment node
/** Which user agents the collector flags as bots (their touchpoints are left out of the map by default). */
import { expect, test } from 'vitest'
import { isBot } from '../../examples/collector/ingest/bots.js'

const BROWSERS = {
  'Chrome on Windows': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Safari on iPhone': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Firefox on Linux': 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Samsung Internet': 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
  'a server relaying events with Node fetch': 'node',
}

const BOTS = {
  'headless Chromium (Puppeteer, Playwright)': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
  Googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  Bingbot: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'a generic spider': 'Mozilla/5.0 (compatible; SomeSpider/1.0)',
  'Yahoo Slurp': 'Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)',
  Lighthouse: 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
  curl: 'curl/8.5.0',
  wget: 'Wget/1.21.4',
  'python-requests': 'python-requests/2.31.0',
  'Go net/http': 'Go-http-client/2.0',
  okhttp: 'okhttp/4.12.0',
  axios: 'axios/1.6.8',
  'no User-Agent at all': undefined,
}

test.each(Object.entries(BROWSERS))('a visitor’s browser is not a bot: %s', (_, ua) => {
  expect(isBot(ua)).toBe(false)
})

test.each(Object.entries(BOTS))('flagged as a bot: %s', (_, ua) => {
  expect(isBot(ua)).toBe(true)
})
