// @vitest-environment node
import { storeContract } from './support/store-contract'
import { openPostgresStore } from '../../examples/collector/stores/postgres.js'
import { startPostgres } from './support/postgres'

let server: Awaited<ReturnType<typeof startPostgres>> | undefined

storeContract(
  async () => {
    server = await startPostgres()
    return openPostgresStore(server.url)
  },
  () => server?.stop(),
)
