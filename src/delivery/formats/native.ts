/** The native wire format: journeytag's own batch envelope (see `batchSchema` in journeytag/schema). */
import { SCHEMA_VERSION } from '../../contract/limits'

/**
 * Wraps queued events (their wire JSON) in the native batch envelope, stamped with the send time.
 * Joined as text: the events are already JSON, and parsing them again only to stringify them would cost every batch.
 * @example
 * native(['{"id":"…"}']) // '{"schemaVersion":1,"sentAt":"…","events":[{"id":"…"}]}'
 */
export const native = (events: string[], now = Date.now()): string =>
  `{"schemaVersion":${SCHEMA_VERSION},"sentAt":"${new Date(now).toISOString()}","events":[${events}]}`
