/** The native wire format: journeytag's own batch envelope (see `batchSchema` in journeytag/schema). */
import { SCHEMA_VERSION } from '../../contract/limits'

/**
 * A wire format: turns queued events (their wire JSON) into a request body, stamped with the send time.
 * `native` is built in; `segment` is a module of its own (`format: segment`).
 */
export type Format = (events: string[], now?: number) => string

/**
 * Wraps queued events (their wire JSON) in the native batch envelope, stamped with the send time.
 * Joined as text: the events are already JSON, and parsing them again only to stringify them would cost every batch.
 * @example
 * native(['{"id":"…"}']) // '{"schemaVersion":1,"sentAt":"…","events":[{"id":"…"}]}'
 */
export const native: Format = (events, now = Date.now()) =>
  `{"schemaVersion":${SCHEMA_VERSION},"sentAt":"${new Date(now).toISOString()}","events":[${events}]}`
