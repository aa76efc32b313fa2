/**
 * The Segment wire format (`format: 'segment'`): a `/v1/batch` body that Segment,
 * RudderStack and Jitsu ingest. Page views become `page` calls, `identify`
 * touchpoints `identify` calls (properties as traits), everything else `track`.
 * The journey facts (phase, channel, session) travel in `context.journeytag`, so
 * they never collide with your own properties.
 */
import type { TouchpointEvent } from '../../contract/event'
import { mapOf, parse, stringify } from '../../builtins'
import type { Format } from './native'

/** One Segment spec message. */
export interface SegmentMessage {
  type: 'track' | 'page' | 'identify'
  messageId: string
  anonymousId: string
  userId?: string
  timestamp: string
  event?: string
  properties?: Record<string, unknown>
  traits?: Record<string, unknown>
  context: Record<string, unknown>
}

/**
 * The Segment format, for `init({ format: segment })`: maps queued events (their wire JSON) to a
 * Segment batch body; `messageId` is the event id, so Segment de-duplicates retries.
 * @example
 * import { init, segment } from 'journeytag'
 * init({ endpoint: 'https://api.segment.io/v1/batch', format: segment })
 */
export const segment: Format = (events, now = Date.now()) =>
  stringify({ batch: mapOf(events, (json) => toMessage(parse(json))), sentAt: new Date(now).toISOString() })

function toMessage(e: TouchpointEvent): SegmentMessage {
  const { page, properties } = e
  const message: SegmentMessage = {
    type: e.type == 'page_view' ? 'page' : e.type == 'identify' ? 'identify' : 'track',
    messageId: e.id,
    anonymousId: e.anonymousId,
    timestamp: e.timestamp,
    context: {
      page,
      ...(e.campaign && { campaign: e.campaign }),
      library: { name: 'journeytag' },
      journeytag: { phase: e.phase, channel: e.channel, sessionId: e.sessionId },
    },
  }
  if (e.userId) message.userId = e.userId
  if (message.type == 'track') message.event = e.type
  if (message.type == 'identify') message.traits = properties
  // The spec's page properties are the page's own fields; the visitor's extra properties sit beside them.
  else message.properties = message.type == 'page' ? { ...page, ...properties } : properties
  return message
}
