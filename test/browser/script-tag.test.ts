import { expect, test } from 'vitest'
import { waitFor } from './support/servers'
import { useTrackedSite } from './support/tracked-site'

const world = useTrackedSite()

test('the one-line script tag delivers a page view in the phase the rules file assigns', async () => {
  const tab = await world.browser.newPage()
  const errors: string[] = []
  tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await tab.goto(`${world.site.url}/examples/script-tag/index.html?utm_source=google&utm_medium=cpc&token=s3cret`)
  const [view] = await waitFor(() => {
    const views = world.collector.events().filter((e) => e.type === 'page_view')
    return views.length ? views : undefined
  }, 15_000, 'a page_view at the collector')
  expect(view).toMatchObject({ type: 'page_view', phase: 'awareness', channel: 'paid_search', campaign: { source: 'google', medium: 'cpc' } })
  expect(view!.page.path).toBe('/examples/script-tag/index.html')
  expect(view!.page.url).not.toContain('s3cret')
  expect(view!.page.title).toBe('Acme Mugs — handmade mugs')
  expect(world.collector.received[0]!.batch.schemaVersion).toBe(1)
  expect(errors).toEqual([])
  await tab.close()
})

test('calls queued by the snippet before the bundle loaded are delivered, in order, after the page view', async () => {
  const since = new Date().toISOString()
  const tab = await world.browser.newPage()
  await tab.goto(`${world.site.url}/examples/script-tag/index.html`)
  await tab.click('#newsletter')
  const events = await waitFor(() => {
    const mine = world.collector.events().filter((e) => e.timestamp >= since && (e.type === 'hero_seen' || e.type === 'newsletter_signup'))
    return mine.length === 2 ? mine : undefined
  }, 15_000, 'hero_seen and newsletter_signup')
  expect(events.map((e) => [e.type, e.phase])).toEqual([
    ['hero_seen', 'awareness'],
    ['newsletter_signup', 'consideration'],
  ])
  expect(events[0]!.properties).toEqual({ variant: 'b' })
  await tab.close()
})

test('a visit to the pricing page is consideration, with the previous page as referrer and the same visitor', async () => {
  const tab = await world.browser.newPage()
  await tab.goto(`${world.site.url}/examples/script-tag/index.html`)
  await tab.click('a[href="pricing.html"]')
  const pricing = await waitFor(() => world.collector.events().find((e) => e.type === 'page_view' && e.page.path.endsWith('/pricing.html')), 15_000, 'pricing view')
  expect(pricing.phase).toBe('consideration')
  expect(pricing.page.referrer).toBe(`${world.site.url}/examples/script-tag/index.html`)
  const ids = new Set(world.collector.events().map((e) => e.anonymousId))
  expect(ids.size).toBe(1) // one browser profile, one visitor, across pages and tabs
  await tab.close()
})
