/**
 * Prerendering (speculation rules): the browser may load and run a page the
 * visitor never opens. journeytag starts only once the page is shown, so an
 * unseen page records nothing and a seen one is timed when it was seen.
 * Chromium refuses to prerender while DevTools is attached (playwright's
 * connection: PrerenderingDisabledByDevTools), so this file drives a plain
 * Chromium process: page A tells the test what happened by requests of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { chromiumPath } from './support/browser'
import { startCollector, waitFor } from './support/servers'
import { html } from './support/hardening-site'
import { useHardeningWorld } from './support/hardening-world'

const w = useHardeningWorld(false)
let browser: ChildProcess | undefined
let profile = ''
afterEach(async () => {
  const running = browser
  browser = undefined
  // The whole process group: Chromium's renderer and utility processes outlive a browser process killed alone,
  // and go on writing into the profile.
  if (running && running.exitCode == null) await new Promise((r) => (running.once('exit', r), process.kill(-running.pid!, 'SIGKILL')))
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
})

/** What the pages report (`/ping?…`), and the switch that sends page A on to `next` (`/go`). */
async function startControl() {
  const pings: URLSearchParams[] = []
  let next = ''
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname == '/ping') pings.push(url.searchParams)
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end(url.pathname == '/go' ? next : '')
  })
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)))
  w.later(() => new Promise((r) => (server.closeAllConnections(), server.close(r))))
  return { url: `http://127.0.0.1:${port}`, pings, go: (path: string) => void (next = path) }
}

/**
 * Page A prerenders /b.html and goes wherever the test says; /b.html reports whether it was prerendered and
 * when it was shown; /c.html is an ordinary page. All are tracked; the queue runs on the page thread, so what
 * a prerendered page would queue reaches IndexedDB (a worker of a prerendered page does not start until shown).
 */
async function prerenderingSite(collector: string) {
  const control = await startControl()
  const site = await w.site()
  const tag = { 'data-endpoint': collector, 'data-flush-interval': '200', 'data-storage-worker': 'false' }
  const page = (name: string, head: string) => site.page(`/${name}.html`, html({ title: name, head, tag }))
  const a = page(
    'a',
    `<script type="speculationrules">{"prerender":[{"source":"list","urls":["/b.html"]}]}</script>
<script>setInterval(async () => { const to = await (await fetch('${control.url}/go')).text(); if (to) location.href = to }, 100)</script>`,
  )
  page('b', `<script>fetch('${control.url}/ping?prerendering=' + document.prerendering);
document.addEventListener('prerenderingchange', () => fetch('${control.url}/ping?shownAt=' + Date.now()))</script>`)
  page('c', '')
  return { a, control }
}

function openChromium(url: string) {
  profile = mkdtempSync(join(tmpdir(), 'journeytag-chromium-'))
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  browser = spawn(chromiumPath(), [...flags, `--user-data-dir=${profile}`, url], { stdio: 'ignore', detached: true })
}

const paths = <E extends { page: { path: string } }>(events: E[], path: string) => events.filter((e) => e.page.path == path)

test('a page the browser prerenders but the visitor never opens records nothing: no page view, not even sent later by the next page', async () => {
  const c = await w.collector()
  const { a, control } = await prerenderingSite(c.url)
  openChromium(a)
  await waitFor(() => control.pings.some((p) => p.get('prerendering') == 'true'), 15_000, '/b.html prerendering')
  await new Promise((r) => setTimeout(r, 1_000)) // time enough for a prerendered page's events to be queued
  control.go('/c.html')
  await waitFor(() => paths(c.events(), '/c.html').length, 15_000, "/c.html's page view")
  await new Promise((r) => setTimeout(r, 1_500)) // /c.html's first flushes send whatever earlier pages left queued
  expect(paths(c.events(), '/a.html').map((e) => e.type)).toEqual(['page_view'])
  expect(paths(c.events(), '/b.html')).toEqual([])
})

test('a prerendered page the visitor opens records one page view, timed when it was shown', async () => {
  const c = await w.collector()
  const { a, control } = await prerenderingSite(c.url)
  openChromium(a)
  await waitFor(() => control.pings.some((p) => p.get('prerendering') == 'true'), 15_000, '/b.html prerendering')
  await new Promise((r) => setTimeout(r, 1_000))
  control.go('/b.html')
  const shown = await waitFor(() => control.pings.find((p) => p.has('shownAt')), 15_000, '/b.html shown')
  const view = await waitFor(() => paths(c.events(), '/b.html')[0], 15_000, "/b.html's page view")
  await new Promise((r) => setTimeout(r, 500))
  expect(paths(c.events(), '/b.html').map((e) => e.type)).toEqual(['page_view'])
  // The page's own clock: journeytag's handler runs after the page's (registered first), so never before it.
  expect(Date.parse(view.timestamp)).toBeGreaterThanOrEqual(Number(shown.get('shownAt')))
})
