// @vitest-environment node
import { collectorContract } from './support/contract'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import { startPostgres } from './support/postgres'

let server: Awaited<ReturnType<typeof startPostgres>> | undefined

collectorContract(
  async () => {
    server = await startPostgres()
    return openPostgresStore(server.url)
  },
  () => server?.stop(),
)
