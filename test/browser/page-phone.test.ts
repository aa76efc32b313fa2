/**
 * The journey map in real Chromium, on a phone-sized screen (390 px): nothing
 * scrolls sideways, text stays legible, rates say what they are a percentage
 * of, every figure's definition is on the page. And the page refreshes itself
 * only when new events arrived.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { parseConfig } from '../../examples/collector/config.js'
import { startCollector } from '../../examples/collector/main.js'
import { DEFINITIONS } from '../../examples/collector/analytics/definitions.js'
import { generateJourneys, postEvents } from '../../scripts/seed-demo.mjs'

let browser: BrowserContext
let collector: Awaited<ReturnType<typeof startCollector>>

beforeAll(async () => {
  // --cache-ms 0: a map is reused only while no new events arrived, which is what the refresh test watches.
  collector = await startCollector(parseConfig(['--port', '0', '--db', ':memory:', '--cache-ms', '0'], {}))
  await postEvents(`${collector.url}/collect`, generateJourneys({ visitors: 400, days: 7 }))
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await collector?.close()
})

async function phone(): Promise<Page> {
  const tab = await browser.newPage()
  await tab.setViewportSize({ width: 390, height: 844 })
  return tab
}

/** What would make a phone reader scroll sideways or squint: page width, elements past the edge, the smallest text. */
const layout = (tab: Page) =>
  tab.evaluate(() => {
    const width = document.documentElement.clientWidth
    const texts = [...document.querySelectorAll('body *')].filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()) && (e as HTMLElement).offsetParent !== null)
    return {
      scrollWidth: document.documentElement.scrollWidth,
      width,
      pastTheEdge: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll')).map((e) => `${e.tagName}.${e.className}`),
      smallestText: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
    }
  })

test('on a 390 px phone the map, a comparison and a visitor fit the screen with legible text', async () => {
  const tab = await phone()
  const errors: string[] = []
  tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  for (const query of ['range=7d', 'range=7d&segment=firstChannel:paid_social&segment=firstChannel:organic_search', 'range=7d&channel=email&prop=form:checkout']) {
    await tab.goto(`${collector.url}/map?${query}`)
    const { scrollWidth, width, pastTheEdge, smallestText } = await layout(tab)
    expect({ query, scrollWidth, pastTheEdge }).toEqual({ query, scrollWidth: width, pastTheEdge: [] })
    expect(smallestText, query).toBeGreaterThanOrEqual(11)
  }
  await tab.goto(`${collector.url}/map?range=7d`)
  await tab.locator('.recent li a').first().click()
  await tab.waitForURL('**visitor=**')
  expect((await layout(tab)).scrollWidth).toBe(390)
  // Times are shown in the reader's time zone, named.
  expect(await tab.locator('.timeline time').first().textContent()).toMatch(/\d{4}, \d{2}:\d{2} [AP]M (UTC|GMT)/)
  expect(errors).toEqual([])
  await tab.close()
})

test('rates are labelled, and every figure has its definition on the page', async () => {
  const tab = await phone()
  await tab.goto(`${collector.url}/map?range=7d`)
  const conversions = await tab.locator('.funnel .conv').allTextContents()
  expect(conversions.slice(1).every((t) => /^\d+(\.\d)?% of previous phase$/.test(t))).toBe(true)
  const legend = await tab.locator('.legend dd').allTextContents()
  expect(legend).toEqual(Object.values(DEFINITIONS))
  expect(await tab.locator('.funnel .step b').first().getAttribute('title')).toBe(DEFINITIONS.reached)
  await tab.close()
})

test('the map refreshes in place only when new events arrived', async () => {
  const tab = await phone()
  await tab.clock.install()
  const fetched: string[] = []
  const answered: string[] = []
  tab.on('request', (r) => fetched.push(new URL(r.url()).pathname))
  tab.on('requestfinished', (r) => answered.push(new URL(r.url()).pathname))
  await tab.goto(`${collector.url}/map?range=24h`)
  const visitors = async () => Number((await tab.locator('[data-total="visitors"]').textContent())!.replace(/,/g, ''))
  const before = await visitors()
  fetched.length = answered.length = 0

  for (let i = 0; i < 3; i++) {
    await tab.clock.runFor(5_000)
    // The page skips a tick while its previous poll is still running (no pile-up), and the clock is fake while
    // the network is not: wait for the answer, and a moment for the page to read it, before time moves on.
    await expect.poll(() => answered.filter((p) => p === '/api/version').length).toBe(i + 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expect(fetched.filter((p) => p === '/map')).toEqual([]) // nothing new: no map recomputed

  const event = generateJourneys({ visitors: 1, days: 0.01 })[0]!
  await postEvents(`${collector.url}/collect`, [{ ...event, id: randomUUID(), anonymousId: randomUUID(), timestamp: new Date().toISOString() }])
  await tab.clock.runFor(5_000)
  await expect.poll(visitors).toBe(before + 1)
  expect(fetched.filter((p) => p === '/map')).toEqual(['/map'])
  await tab.close()
})
