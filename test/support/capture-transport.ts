/** A transport that records what would have been sent, for unit tests of the tracker. */
import type { Batch, TouchpointEvent } from '../../src/contract/event'
import type { Transport } from '../../src/delivery/transport'

export function captureTransport(status = 200) {
  const batches: Batch[] = []
  const transport: Transport = async ({ body }) => {
    batches.push(JSON.parse(body))
    return { status }
  }
  return {
    transport,
    batches,
    events: (): TouchpointEvent[] => batches.flatMap((b) => b.events),
  }
}
