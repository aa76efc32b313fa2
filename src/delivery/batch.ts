/** The batch envelope around events on their way to the collector. */
import { SCHEMA_VERSION, type Batch, type TouchpointEvent } from '../event'

/** Wraps events in the native batch envelope, stamped with the send time. */
export function toBatch(events: TouchpointEvent[], now = Date.now()): Batch {
  return { schemaVersion: SCHEMA_VERSION, sentAt: new Date(now).toISOString(), events }
}
