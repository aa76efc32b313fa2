/** The native wire format: journeytag's own batch envelope (see `batchSchema` in journeytag/schema). */
import { SCHEMA_VERSION } from '../../contract/limits'
import type { Batch, TouchpointEvent } from '../../contract/event'

/**
 * Wraps events in the native batch envelope, stamped with the send time.
 * @example
 * JSON.stringify(native(events)) // {"schemaVersion":1,"sentAt":"…","events":[…]}
 */
export function native(events: TouchpointEvent[], now = Date.now()): Batch {
  return { schemaVersion: SCHEMA_VERSION, sentAt: new Date(now).toISOString(), events }
}
