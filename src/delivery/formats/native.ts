/** The native wire format: journeytag's own batch envelope (see `batchSchema` in journeytag/schema). */
import { SCHEMA_VERSION, type Batch, type TouchpointEvent } from '../../event'

/**
 * Wraps events in the native batch envelope, stamped with the send time.
 * @example
 * JSON.stringify(native(events)) // {"schemaVersion":1,"sentAt":"…","events":[…]}
 */
export function native(events: TouchpointEvent[], now = Date.now()): Batch {
  return { schemaVersion: SCHEMA_VERSION, sentAt: new Date(now).toISOString(), events }
}
