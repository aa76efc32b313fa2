/** Valid journeytag events and batches for collector tests. */
import { randomUUID } from 'node:crypto'
import type { Batch, TouchpointEvent } from '../../../src/contract/event'

/** One valid event; override any field. */
export function makeEvent(overrides: Partial<TouchpointEvent> = {}): TouchpointEvent {
  return {
    id: randomUUID(),
    type: 'page_view',
    phase: 'awareness',
    anonymousId: randomUUID(),
    sessionId: randomUUID(),
    timestamp: new Date().toISOString(),
    page: { url: 'https://shop.test/', path: '/', title: 'Shop', referrer: '' },
    channel: 'direct',
    properties: {},
    ...overrides,
  }
}

/** A batch around events, sent now. */
export function makeBatch(events: TouchpointEvent[]): Batch {
  return { schemaVersion: 1, sentAt: new Date().toISOString(), events }
}
