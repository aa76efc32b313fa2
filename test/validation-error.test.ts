import { expect, test } from 'vitest'
import { batchSchema } from '../src/contract/event'
import { formatIssues } from '../src/contract/format-issues'

test('a collector rejecting a batch can say exactly which field is wrong and why', () => {
  const result = batchSchema.safeParse({
    schemaVersion: 2,
    sentAt: 'yesterday',
    events: [{ id: 'nope', type: '', phase: 'awareness', anonymousId: 'a', sessionId: 's', timestamp: '2026-11-23T10:00:00.000Z', page: { url: 'u', path: '/', title: 't' }, channel: 'direct', properties: {} }],
  })
  expect(result.success).toBe(false)
  expect(formatIssues(result.error!.issues).split('; ')).toEqual([
    'schemaVersion: expected one of 1',
    'sentAt: expected datetime',
    'events[0].id: expected uuid',
    'events[0].type: expected at least 1 characters',
    'events[0].page.referrer: expected string',
  ])
})
