import { describe, expect, test } from 'vitest'
import { segment, type SegmentMessage } from '../../src/delivery/formats/segment'
import { native } from '../../src/delivery/formats/native'
import { batchSchema, type TouchpointEvent } from '../../src/contract/event'

const base: TouchpointEvent = {
  id: '2f1c3a52-6a8e-4c43-9a55-6d7c0c2b1e11',
  type: 'newsletter_signup',
  phase: 'consideration',
  anonymousId: 'anon-1',
  sessionId: 'sess-1',
  timestamp: '2025-03-01T10:00:00.000Z',
  page: { url: 'https://shop.example/pricing', path: '/pricing', title: 'Pricing', referrer: 'https://google.com/' },
  channel: 'paid_search',
  campaign: { source: 'google', medium: 'cpc' },
  properties: { list: 'weekly' },
}
const now = Date.parse('2025-03-01T10:00:05.000Z')
/** The queue hands formats each event as the JSON it stored; the body they return is sent as is. */
const wire = (events: TouchpointEvent[]) => events.map((e) => JSON.stringify(e))
const segmentBody = (events: TouchpointEvent[]) => JSON.parse(segment(wire(events), now)) as { batch: SegmentMessage[]; sentAt: string }

describe('native format', () => {
  test('is the batch journeytag/schema validates', () => {
    const body = JSON.parse(native(wire([base]), now))
    expect(batchSchema.safeParse(body).success).toBe(true)
    expect(body).toEqual({ schemaVersion: 1, sentAt: '2025-03-01T10:00:05.000Z', events: [base] })
  })
})

describe("format: 'segment'", () => {
  test('a custom touchpoint is a Segment track call; messageId is the event id, so retries de-duplicate', () => {
    const body = segmentBody([{ ...base, userId: 'user-42' }])
    expect(body).toEqual({
      sentAt: '2025-03-01T10:00:05.000Z',
      batch: [
        {
          type: 'track',
          event: 'newsletter_signup',
          messageId: base.id,
          anonymousId: 'anon-1',
          userId: 'user-42',
          timestamp: '2025-03-01T10:00:00.000Z',
          properties: { list: 'weekly' },
          context: {
            page: base.page,
            campaign: { source: 'google', medium: 'cpc' },
            library: { name: 'journeytag' },
            journeytag: { phase: 'consideration', channel: 'paid_search', sessionId: 'sess-1' },
          },
        },
      ],
    })
  })

  test('a page view is a page call whose properties are the page fields plus the extra properties', () => {
    const [message] = segmentBody([{ ...base, type: 'page_view', properties: { section: 'docs' } }]).batch
    expect(message).toMatchObject({ type: 'page', properties: { ...base.page, section: 'docs' } })
    expect(message).not.toHaveProperty('event')
  })

  test('identify is an identify call with the properties as traits; anonymous events carry no userId', () => {
    const [message] = segmentBody([{ ...base, type: 'identify', properties: { plan: 'pro' } }]).batch
    expect(message).toMatchObject({ type: 'identify', traits: { plan: 'pro' } })
    expect(message).not.toHaveProperty('properties')
    expect(message).not.toHaveProperty('userId')
  })

  test('events without a campaign have no campaign context, and order is kept', () => {
    const { batch } = segmentBody([{ ...base, campaign: undefined, id: 'a' }, { ...base, id: 'b' }])
    expect(batch.map((m) => m.messageId)).toEqual(['a', 'b'])
    expect(batch[0]!.context).not.toHaveProperty('campaign')
  })
})
