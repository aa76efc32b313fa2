#!/usr/bin/env node
// @ts-check
/**
 * Runs the reference collector: `node examples/collector/main.js --port 8787`.
 * Flags and environment variables: see config.js or `--help`.
 */
import { parseConfig, USAGE } from './config.js'
import { createCollector } from './server.js'
import { openStore } from './storage/store.js'

/**
 * Starts a collector from a configuration; resolves once it listens.
 * @example
 * const { url, close } = await startCollector(parseConfig(['--port', '0'], {}))
 * @param {import('./config.js').CollectorConfig} config
 * @returns {Promise<{ url: string, port: number, store: import('./storage/store.js').Store, close(): Promise<void> }>}
 */
export async function startCollector(config) {
  const store = await openStore(config)
  const server = createCollector(store, config)
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve(undefined))
  })
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    store,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(() => resolve(undefined)))
      await store.close()
    },
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--help')) {
    console.log(USAGE)
    process.exit(0)
  }
  let config
  try {
    config = parseConfig(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(`journeytag collector: ${/** @type {Error} */ (error).message}`)
    process.exit(2)
  }
  const collector = await startCollector(config)
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.dbPath}`
  console.log(`journeytag collector on ${collector.url}
  POST ${collector.url}/collect   (origins: ${config.origins.join(', ') || 'none'}${config.writeKey ? ', write key required' : ''})
  map  ${collector.url}/map
  storing in ${where}`)
  const stop = () => collector.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
