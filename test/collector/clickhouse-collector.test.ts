// @vitest-environment node
import { collectorContract } from './support/contract'
import { startClickhouse } from './support/clickhouse'
import { openStore } from '../../examples/collector/stores/store.js'

let server: Awaited<ReturnType<typeof startClickhouse>> | undefined

collectorContract(
  async () => {
    server = await startClickhouse()
    return openStore({ dbPath: ':memory:', clickhouseUrl: server.url })
  },
  () => server?.stop(),
)
