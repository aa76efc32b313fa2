/** Helpers for delivery tests: a scripted collector behind the transport hook, events, and a fresh IndexedDB. */
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { createStore, values } from 'idb-keyval'
import type { TouchpointEvent } from '../../src/contract/event'
import type { Queued } from '../../src/delivery/batch'
import type { TransportRequest, TransportResponse } from '../../src/delivery/transport'
import { createDelivery, type Delivery } from '../../src/delivery/queue'
import { resolveOptions, type Options } from '../../src/options'
import { uuid } from '../../src/uuid'

/** Every test starts with empty IndexedDB, localStorage and sessionStorage (the queue keeps unsent events and its backoff there), as on a first visit. */
export function freshStorage(): void {
  globalThis.indexedDB = new IDBFactory()
  localStorage.clear()
  sessionStorage.clear()
}

/** The values of the journeytag events store right now: chunks (arrays of records), or single records as 0.0 stored them. */
export const storedValues = () => values<Queued[] | { e: { id: string }; t: number; s: number }>(createStore('journeytag', 'events'))

/** What is stored in the journeytag events store right now (event ids, oldest first), whatever chunks hold them. */
export async function storedIds(): Promise<string[]> {
  const records = (await storedValues()).flatMap((v) => (Array.isArray(v) ? v : [{ id: v.e.id, t: v.t, s: v.s }]))
  return records.sort((a, b) => a.t - b.t || a.s - b.s).map((r) => r.id)
}

export function event(type = 'custom', extra: Partial<TouchpointEvent> = {}): TouchpointEvent {
  return {
    id: uuid(),
    type,
    phase: 'awareness',
    anonymousId: 'anon',
    sessionId: 'sess',
    timestamp: new Date().toISOString(),
    page: { url: 'https://shop.example/', path: '/', title: 'Shop', referrer: '' },
    channel: 'direct',
    properties: {},
    ...extra,
  }
}

type Answer = number | TransportResponse
/** A collector reached through the transport hook: answers come from `answer` (default 200). */
export function collector(answer: (request: { ids: string[]; keepalive: boolean }, index: number) => Answer = () => 200) {
  const requests: Array<{ ids: string[]; keepalive: boolean; status: number; at: number; request: TransportRequest }> = []
  const transport = async (request: TransportRequest): Promise<TransportResponse> => {
    const body = JSON.parse(request.body)
    const ids: string[] = (body.events ?? body.batch).map((e: { id?: string; messageId?: string }) => e.id ?? e.messageId)
    const given = answer({ ids, keepalive: request.keepalive }, requests.length)
    const response = typeof given === 'number' ? { status: given } : given
    requests.push({ ids, keepalive: request.keepalive, status: response.status, at: Date.now(), request })
    return response
  }
  return {
    transport,
    requests,
    /** Ids the collector acknowledged, in arrival order. */
    delivered: () => requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.ids),
  }
}

const started: Delivery[] = []
/** A delivery as init() would create it; a long flushInterval so tests drive flushes themselves. */
export function start(options: Options): Delivery {
  const delivery = createDelivery(resolveOptions({ flushInterval: 600_000, ...options }).options)
  started.push(delivery)
  return delivery
}
export function stopAll(): void {
  for (const delivery of started.splice(0)) delivery.stop()
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(10)
  }
}
