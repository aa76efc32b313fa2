/**
 * Friction in a real Chromium: a page of each kind, tracked by the script tag, seen
 * at a local collector in the phase of its page, with no typed value in any request.
 */
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { startCollector, waitFor } from './support/servers'
import type { TouchpointEvent } from '../../src/contract/event'

const SECRET = `typed-${Date.now()}@example.com`
const DIST = join(import.meta.dirname, '../../dist')

const page = (title: string, body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}
<script>window.journeytag=window.journeytag||function(){(journeytag.q=journeytag.q||[]).push(arguments)};window.phases=[];journeytag('onPhase',function(c){phases.push(c.phase+(c.first?'!':''))})</script>
<script src="/dist/journeytag.global.js" data-endpoint="COLLECTOR" data-flush-interval="60000"></script></head><body>${body}</body></html>`

const PAGES: Record<string, string> = {
  '/pricing/': page(
    'Pricing',
    `<button id="broken" style="margin:40px">Buy now</button>
     <button id="slow" onclick="const end = performance.now() + 700; while (performance.now() < end);">Compare</button>
     <button id="throw" onclick="setTimeout(() => { throw new Error('price lookup failed: https://api.example/p?token=s3cret') })">Price</button>`,
  ),
  '/checkout/': page(
    'Checkout',
    `<form id="pay" action="/checkout/done"><input name="email" type="email" required><input name="card"><button id="submit">Pay</button></form>`,
  ),
  // A page that enables its submit button with checkValidity() on every keystroke: Chromium fires `invalid` each time.
  '/signup/': page(
    'Sign up',
    `<form id="signup" action="/signup/done"><input name="name" required><input name="email" type="email" required><button id="go">Sign up</button></form>
     <script>document.getElementById('signup').addEventListener('input', (e) => e.currentTarget.classList.toggle('ready', e.currentTarget.checkValidity()))</script>`,
  ),
  '/gone/': page('Not here', '<h1>Nothing here</h1>', '<meta name="journeytag:status" content="404">'),
}

let browser: BrowserContext
let collector: Awaited<ReturnType<typeof startCollector>>
let site: { url: string; close(): void }
beforeAll(async () => {
  collector = await startCollector()
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (PAGES[path]) return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGES[path]!.replace('COLLECTOR', collector.url))
    if (!path.startsWith('/dist/')) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(join(DIST, path.slice(6).replace(/\.\./g, ''))))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  site = { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => (server.closeAllConnections(), server.close()) }
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  site?.close()
  await collector?.close()
})

async function open(path: string): Promise<Page> {
  const tab = await browser.newPage()
  await tab.goto(site.url + path)
  await tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
  return tab
}
const flush = (tab: Page) => tab.evaluate(() => (window as unknown as { journeytag: { flush(): Promise<void> } }).journeytag.flush())
const arrived = (type: string, count = 1) =>
  waitFor(() => {
    const found = collector.events().filter((e) => e.type == type)
    return found.length >= count ? found : undefined
  }, 10_000, `${count} ${type}`) as Promise<TouchpointEvent[]>

test('a visitor who rage-clicks a broken button, waits on a slow one and hits a script error: rage_click, dead_click, slow_page and js_error in consideration', async () => {
  const tab = await open('/pricing/')
  // journeytag's own first delivery, about 1 s after load, is a network request: clicks during it look alive.
  await waitFor(() => collector.events().some((e) => e.type == 'page_view' && e.page.path == '/pricing/'), 10_000, 'the page view')
  const box = (await tab.locator('#broken').boundingBox())!
  for (let i = 0; i < 4; i++) await tab.mouse.click(box.x + 10 + i * 3, box.y + 5)
  await tab.click('#slow')
  await tab.click('#throw')
  await tab.waitForTimeout(1300) // the rage burst and the dead-click window end
  await flush(tab)
  const [rage] = await arrived('rage_click')
  expect(rage).toMatchObject({ phase: 'consideration', properties: { element: 'button#broken', clicks: 4 } })
  const [dead] = await arrived('dead_click')
  expect(dead).toMatchObject({ phase: 'consideration', properties: { element: 'button#broken' } })
  const [slow] = await arrived('slow_page')
  expect(slow).toMatchObject({ phase: 'consideration', properties: { metric: 'inp' } })
  expect(slow!.properties.value).toBeGreaterThan(500)
  const [error] = await arrived('js_error')
  expect(error).toMatchObject({ phase: 'consideration', properties: { kind: 'error', message: 'Uncaught Error: price lookup failed: https://api.example/p', line: 5 } })
  expect(error!.properties.source).toBe(`${site.url}/pricing/`)
  expect(await tab.evaluate(() => (window as unknown as { phases: string[] }).phases)).toEqual(['consideration!'])
  await tab.close()
})

test('a form failing validation twice, then a 404: form_error attempts 1 and 2 in conversion, error_page in awareness, no typed value sent', async () => {
  const before = collector.attempts.length
  const tab = await open('/checkout/')
  await tab.fill('[name=card]', SECRET)
  await tab.click('#submit') // email is required and empty: the browser blocks the submit
  await tab.click('#submit')
  await tab.fill('[name=email]', SECRET)
  await flush(tab)
  const errors = await arrived('form_error', 2)
  expect(errors.map((e) => [e.phase, e.properties])).toEqual([
    ['conversion', { formId: 'pay', invalidFields: ['email'], attempt: 1 }],
    ['conversion', { formId: 'pay', invalidFields: ['email'], attempt: 2 }],
  ])
  await tab.goto(`${site.url}/gone/`)
  await tab.waitForFunction(() => (window as { journeytag?: { loaded?: boolean } }).journeytag?.loaded)
  await flush(tab)
  const [notFound] = await arrived('error_page')
  expect(notFound).toMatchObject({ phase: 'awareness', page: { path: '/gone/' }, properties: { status: 404 } })
  const bodies = collector.attempts.slice(before).map((r) => JSON.stringify(r.batch)).join('\n')
  expect(bodies).not.toContain(SECRET)
  expect(bodies).not.toContain('s3cret')
  await tab.close()
})

test('a page calling checkValidity() on every keystroke records no form_error while the visitor types; the blocked submit is one', async () => {
  const tab = await open('/signup/')
  await tab.locator('[name=name]').pressSequentially('jane')
  await flush(tab)
  await tab.waitForTimeout(200)
  const signupErrors = () => collector.events().filter((e) => e.type == 'form_error' && e.properties.formId == 'signup')
  expect(signupErrors()).toEqual([])
  await tab.click('#go') // email is required and empty: the browser blocks the submit
  await flush(tab)
  await waitFor(() => signupErrors().length, 10_000, 'the form_error of the blocked submit')
  expect(signupErrors().map((e) => e.properties)).toEqual([{ formId: 'signup', invalidFields: ['email'], attempt: 1 }])
  expect(JSON.stringify(collector.events())).not.toContain('jane')
  await tab.close()
})
