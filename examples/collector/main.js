#!/usr/bin/env node
// @ts-check
/**
 * Runs the reference collector: `node examples/collector/main.js --port 8787`.
 * Flags and environment variables: see config.js or `--help`.
 */
import { parseConfig, USAGE } from './config.js'
import { createWriteQueue } from './ingest/queue.js'
import { createCollector } from './http/server.js'
import { openStore } from './stores/store.js'

/**
 * Starts a collector from a configuration; resolves once it listens.
 * @example
 * const { url, close } = await startCollector(parseConfig(['--port', '0'], {}))
 * @param {import('./config.js').CollectorConfig} config
 * @returns {Promise<{ url: string, port: number, store: import('./stores/store.js').Store, close(): Promise<void> }>}
 */
export async function startCollector(config) {
  const store = await openStore(config)
  const queue = createWriteQueue(store, { limit: config.queueLimit, concurrency: config.writeConcurrency })
  const server = createCollector(store, { ...config, queue })
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
      // Stop taking batches, let the ones already queued commit (their senders get their 200), then close.
      const closed = new Promise((resolve) => server.close(() => resolve(undefined)))
      server.closeIdleConnections()
      await queue.drain()
      server.closeAllConnections()
      await closed
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
  const where = config.clickhouseUrl ? 'ClickHouse (CLICKHOUSE_URL)' : config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.dbPath}`
  console.log(`journeytag collector on ${collector.url}
  POST ${collector.url}/collect   (origins: ${config.origins.join(', ') || 'none'}${config.writeKey ? ', write key required' : ''})
  map  ${collector.url}/map   (goal: ${config.goal.join(' or ')})
  storing in ${where}`)
  const stop = () => collector.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
