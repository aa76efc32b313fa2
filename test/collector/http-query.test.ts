// @vitest-environment node
/** What a map or API request can ask for in its query string, and how a mistake is named. */
import { expect, test } from 'vitest'
import { cacheKey, parseMapRequest, parseRange, queryString } from '../../examples/collector/http/query.js'

const NOW = Date.parse('2025-05-01T08:00:00Z')
const ask = (q: string) => parseMapRequest(new URLSearchParams(q), NOW)

test('the map range comes from a preset or from/to, with Z or an offset, and a bad date is named', () => {
  expect(parseRange(new URLSearchParams('range=24h'), NOW)).toEqual({ from: NOW - 86_400_000, to: NOW + 1, preset: '24h' })
  expect(parseRange(new URLSearchParams(''), NOW)).toMatchObject({ from: NOW - 30 * 86_400_000, preset: '30d' })
  expect(parseRange(new URLSearchParams('from=2025-04-01T02:00:00%2B02:00&visitor=abc'), NOW)).toEqual({ from: Date.parse('2025-04-01T00:00:00Z'), to: NOW + 1, preset: 'custom', visitor: 'abc' })
  expect(parseRange(new URLSearchParams('from=soon'), NOW)).toEqual({ error: 'from: expected a date (ISO 8601) or epoch milliseconds, got "soon"' })
  expect(parseRange(new URLSearchParams('from=2025-05-02&to=2025-05-01'), NOW)).toEqual({ error: 'to: must be after from' })
  expect(parseRange(new URLSearchParams('range=custom'), NOW)).toEqual({ error: 'from: a custom range needs a start date (or pick a preset range)' })
  expect(parseRange(new URLSearchParams('range=2w'), NOW)).toMatchObject({ error: expect.stringContaining('range: expected one of') })
})

test('filters: channel, campaign, first channel and a property as name:value (the value may hold colons)', () => {
  expect(ask('channel=email&campaign=may-letter&firstChannel=paid_social&prop=ref:https://a.test')).toMatchObject({
    filters: { channel: 'email', campaign: 'may-letter', firstChannel: 'paid_social', property: { name: 'ref', value: 'https://a.test' } },
    segments: [],
    includeBots: false,
    goal: undefined,
  })
  expect(ask('prop=novalue')).toEqual({ error: 'prop: expected name:value, got "novalue"' })
})

test('type= selects visitors who hit a touchpoint type, and links and caches apart from the unfiltered map', () => {
  const request = ask('range=7d&type=form_abandon')
  if ('error' in request) throw new Error(request.error)
  expect(request.filters).toEqual({ type: 'form_abandon' })
  expect(queryString(request)).toBe('?range=7d&type=form_abandon')
  expect(cacheKey(request)).not.toBe(cacheKey({ ...request, filters: {} }))
  expect(ask('segment=type:rage_click&segment=type:dead_click')).toMatchObject({ segments: [{ filters: { type: 'rage_click' } }, { filters: { type: 'dead_click' } }] })
})

test('two segments compare side by side, each on top of the shared filters', () => {
  const request = ask('channel=email&segment=firstChannel:paid_social&segment=prop:plan:yearly')
  expect(request).toMatchObject({
    segments: [
      { label: 'firstChannel:paid_social', filters: { channel: 'email', firstChannel: 'paid_social' } },
      { label: 'prop:plan:yearly', filters: { channel: 'email', property: { name: 'plan', value: 'yearly' } } },
    ],
  })
  expect(ask('segment=firstChannel:email')).toEqual({ error: 'segment: give exactly two to compare, got 1' })
  expect(ask('segment=country:fr&segment=channel:email')).toEqual({ error: 'segment: expected channel, campaign, firstChannel, type or prop, got "country"' })
  expect(ask('segment=email&segment=channel:email')).toMatchObject({ error: expect.stringContaining('expected key:value') })
})

test('goal and bots can be asked per request', () => {
  expect(ask('goal=signup, demo_booked&includeBots=1')).toMatchObject({ goal: ['signup', 'demo_booked'], includeBots: true })
})

test('a request links back to itself, and presets share a cache key whatever the time', () => {
  const request = ask('range=7d&firstChannel=email&prop=plan:yearly&includeBots=1')
  if ('error' in request) throw new Error(request.error)
  expect(queryString(request, { visitor: 'v1' })).toBe('?range=7d&firstChannel=email&prop=plan%3Ayearly&includeBots=1&visitor=v1')
  expect(parseMapRequest(new URLSearchParams(queryString(request).slice(1)), NOW)).toEqual(request)
  const later = parseMapRequest(new URLSearchParams('range=7d&firstChannel=email&prop=plan:yearly&includeBots=1'), NOW + 60_000)
  if ('error' in later) throw new Error(later.error)
  expect(cacheKey(later)).toBe(cacheKey(request))
  const custom = ask('from=2025-04-01&to=2025-04-02')
  if ('error' in custom) throw new Error(custom.error)
  expect(queryString(custom)).toBe('?from=2025-04-01T00%3A00%3A00.000Z&to=2025-04-02T00%3A00%3A00.000Z')
})
