/**
 * Issue 12: SPA page views carried the previous page's title when a React app
 * set the title after the URL. A real React 19 + React Router 7 app
 * (test/browser/react-app/), bundled with esbuild at test time, clicked
 * through in Chromium: every page view names the page it was recorded for.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from './support/servers'
import { html, loaded } from './support/hardening-site'
import { useHardeningWorld } from './support/hardening-world'

const w = useHardeningWorld()
let outdir: string
let app: string

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'journeytag-react-app-'))
  await build({
    entryPoints: [join(import.meta.dirname, 'react-app/main.jsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    // React's production build: the one sites ship, and far smaller to load.
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: join(outdir, 'app.js'),
    logLevel: 'silent',
  })
  app = readFileSync(join(outdir, 'app.js'), 'utf8')
})

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true })
})

type Collector = Awaited<ReturnType<typeof w.collector>>
const pageViews = (c: Collector) => c.events().filter((e) => e.type === 'page_view')

/** Opens the app at `/` with the script tag pointed at a fresh collector; resolves once React has set the home title. */
async function openApp() {
  const c = await w.collector()
  const site = await w.site()
  site.page('/app.js', app, { type: 'text/javascript' })
  // index.html's own <title>, as a Vite or create-react-app app ships it: what <head> falls back to between routes' titles.
  const url = site.page('/', html({
    title: 'Acme',
    tag: { 'data-endpoint': c.url, 'data-flush-interval': '200' },
    body: '<div id="root"></div><script src="/app.js"></script>',
  }))
  const { tab, pageErrors } = await w.tab()
  await tab.goto(url)
  await loaded(tab)
  const settled = (title: string) => tab.waitForFunction((t) => document.title === t, title, { timeout: 5_000 })
  await settled('Home — Acme')
  /** Tracks a marker and waits for it: every view recorded before it has reached the collector by then. */
  const drained = async () => {
    await tab.evaluate(() => (window as unknown as { journeytag: { track(type: string): void } }).journeytag.track('marker'))
    await waitFor(() => c.events().some((e) => e.type === 'marker'), 5_000, 'the marker event')
  }
  return { c, site, tab, pageErrors, settled, drained }
}

test('a React Router 7 app clicked through its routes: one page view per route, each with the title that route settles on', async () => {
  const { c, site, tab, pageErrors, settled, drained } = await openApp()
  // Home's <title> (React 19, hoisted) gives way to an effect's document.title.
  await tab.click('#to-pricing')
  await settled('Pricing — Acme')
  // The order's title waits for its data (150 ms).
  const orderClickedAt = await tab.evaluate(() => Date.now())
  await tab.click('#to-order')
  await settled('Order 42 — Acme')
  await waitFor(() => pageViews(c).some((e) => e.page.path === '/orders/42'), 5_000, 'the order view')
  // The app retitles the page with no navigation; then back to React's <title>.
  await tab.click('#ship')
  await settled('Order 42 (shipped) — Acme')
  await tab.click('#to-home')
  await settled('Home — Acme')
  await waitFor(() => pageViews(c).length >= 4, 5_000, 'four page views')
  await drained()

  const views = pageViews(c)
  expect(views.map((e) => e.page.path)).toEqual(['/', '/pricing', '/orders/42', '/'])
  // The first view's title is the other test's concern; these are the in-app navigations.
  expect(views.slice(1).map((e) => [e.page.path, e.page.title])).toEqual([
    ['/pricing', 'Pricing — Acme'],
    ['/orders/42', 'Order 42 — Acme'],
    ['/', 'Home — Acme'],
  ])
  expect(views.map((e) => [e.page.url, e.page.referrer])).toEqual([
    [`${site.url}/`, ''],
    [`${site.url}/pricing`, `${site.url}/`],
    [`${site.url}/orders/42`, `${site.url}/pricing`],
    [`${site.url}/`, `${site.url}/orders/42`],
  ])
  // The view waited for the order's title but keeps the time of the click that navigated.
  const titleSetAt = await tab.evaluate(() => (window as unknown as { titleSetAt: number }).titleSetAt)
  const orderViewAt = Date.parse(views[2]!.timestamp)
  expect(orderViewAt).toBeGreaterThanOrEqual(orderClickedAt)
  expect(orderViewAt).toBeLessThan(titleSetAt)
  expect(pageErrors).toEqual([])
})
