// @vitest-environment node
import { expect, test } from 'vitest'
import { batchSchema } from '../../src/schema'
import { generateJourneys } from '../../scripts/seed-demo.mjs'
import { referenceFigures } from '../../examples/collector/analytics/reference.js'
import { parseConfig } from '../../examples/collector/config.js'
import { originAllowed } from '../../examples/collector/http/cors.js'
import { toRows } from '../../examples/collector/ingest/collect.js'
import { makeBatch, makeEvent } from './support/events'

test('the demo seed makes valid batches of journeys across channels, reaching every phase, with friction', () => {
  const now = Date.parse('2025-05-15T12:00:00Z')
  const events = generateJourneys({ visitors: 600, now })
  const result = batchSchema.safeParse(makeBatch(events))
  expect(result.success).toBe(true)
  expect(events.every((e) => Date.parse(e.timestamp) < now && Date.parse(e.timestamp) > now - 15 * 86_400_000)).toBe(true)
  const rows = events.map((event) => ({ event, occurredAt: Date.parse(event.timestamp), receivedAt: now, bot: false }))
  const figures = referenceFigures(rows, { from: 0, to: now, phases: ['awareness', 'consideration', 'conversion', 'retention', 'advocacy'] })
  expect(figures.totals.visitors).toBe(600)
  expect(figures.goal.visitors).toBeGreaterThan(0)
  expect(figures.phases.every((p) => p.visitors > 0)).toBe(true)
  expect(figures.phases.map((p) => p.reached)).toEqual([...figures.phases.map((p) => p.reached)].sort((a, b) => b - a))
  expect(figures.channels.length).toBeGreaterThanOrEqual(6)
  expect(figures.friction.some((f) => f.kind === 'form_abandon' && f.phase === 'conversion')).toBe(true)
})

test('collector settings come from flags first, then environment, then defaults', () => {
  const defaults = parseConfig([], {})
  expect(defaults).toMatchObject({ host: '127.0.0.1', port: 8787, dbPath: '.data/journeytag.db', databaseUrl: undefined, writeKey: undefined, maxBodyBytes: 1048576 })
  expect(defaults.origins).toEqual(['http://localhost:*', 'http://127.0.0.1:*'])
  const env = { PORT: '9000', DATABASE_URL: 'postgres://db/journeytag', JOURNEYTAG_ORIGINS: 'https://a.test, https://b.test', JOURNEYTAG_WRITE_KEY: 'k' }
  expect(parseConfig(['--port=9100', '--db', '/tmp/x.db'], env)).toMatchObject({
    port: 9100, dbPath: '/tmp/x.db', databaseUrl: 'postgres://db/journeytag', origins: ['https://a.test', 'https://b.test'], writeKey: 'k',
  })
  expect(() => parseConfig(['--port', 'eighty'], {})).toThrow('--port must be a whole number')
  expect(() => parseConfig(['--prot', '1'], {})).toThrow('unknown flag --prot')
})

test('origin patterns: exact, any port of a host, or any origin', () => {
  expect(originAllowed('http://localhost:5173', ['http://localhost:*'])).toBe(true)
  expect(originAllowed('http://localhost.evil.test:80', ['http://localhost:*'])).toBe(false)
  expect(originAllowed('https://shop.test', ['https://shop.test'])).toBe(true)
  expect(originAllowed('https://shop.test:8443', ['https://shop.test'])).toBe(false)
  expect(originAllowed('https://anything.test', ['*'])).toBe(true)
})

test("a client whose clock is an hour behind has its events placed at the server's time", () => {
  const receivedAt = Date.parse('2025-05-01T12:00:00Z')
  const hourAgo = (iso: string) => new Date(Date.parse(iso) - 3_600_000).toISOString()
  const batch = { ...makeBatch([makeEvent({ timestamp: hourAgo('2025-05-01T11:59:00Z') })]), sentAt: hourAgo('2025-05-01T12:00:00Z') }
  expect(toRows(batch, receivedAt, false)[0]!.occurredAt).toBe(Date.parse('2025-05-01T11:59:00Z'))
})
