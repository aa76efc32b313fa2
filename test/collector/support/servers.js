// @ts-check
/**
 * Throwaway database servers for the collector's tests and its scale bench, each in a
 * temp folder on a free 127.0.0.1 port, deleted afterwards:
 * - PostgreSQL from Debian's `postgresql` package (initdb, pg_ctl); as root it runs as the `postgres` OS user;
 * - ClickHouse from Debian's `clickhouse-server` (18.16), started from a small config file, no root service.
 */
import { execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function binDir() {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) throw new Error('PostgreSQL not found under /usr/lib/postgresql: run `apt-get install -y postgresql`')
  return join(root, newest, 'bin')
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts a fresh PostgreSQL; `url` is a connection string for its `postgres` database.
 * Tests run it without fsync (nothing to keep); the bench asks for `durable` to measure real commits.
 * @param {{ durable?: boolean, keep?: string }} [options]
 * @returns {Promise<{ url: string, stop(): void }>}
 */
export async function startPostgres({ durable = false, keep = '' } = {}) {
  const bin = binDir()
  // `keep`: a folder that outlives the server (the scale bench builds a 10 M store once and reuses it).
  const reuse = Boolean(keep && existsSync(join(keep, 'data')))
  const dir = keep || mkdtempSync(join(tmpdir(), 'journeytag-pg-'))
  if (keep) mkdirSync(keep, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // PostgreSQL refuses to run as root: hand the directory to the postgres user and run as it.
  const run = (/** @type {string} */ tool, /** @type {string[]} */ args) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, tool), args, { stdio: 'pipe' })
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  if (!reuse) run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durable ? ' -c shared_buffers=512MB -c max_wal_size=4GB' : ' -c fsync=off -c full_page_writes=off'}`
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', keep ? 'fast' : 'immediate', '-w', 'stop'])
      } finally {
        if (!keep) rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

const BINARY = '/usr/sbin/clickhouse-server'

/**
 * Starts a fresh ClickHouse; `url` is its HTTP interface (database `default`).
 * @param {{ keep?: string }} [options]
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
export async function startClickhouse({ keep = '' } = {}) {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} not found: run \`apt-get install -y clickhouse-server\``)
  // `keep`: a folder that outlives the server, as for startPostgres.
  const dir = keep || mkdtempSync(join(tmpdir(), 'journeytag-ch-'))
  if (keep) mkdirSync(keep, { recursive: true })
  // Every port its own (the default interserver port 9009 would clash between two servers).
  const [http, tcp, interserver] = [await freePort(), await freePort(), await freePort()]
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <interserver_http_port>${interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
`,
  )
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`,
  )
  const child = spawn(BINARY, [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => (stderr = (stderr + chunk).slice(-4000)))
  const url = `http://127.0.0.1:${http}`
  // A kept 10 M store loads thousands of parts before it listens: over 30 s on this shared machine under load.
  const startupMs = keep ? 180_000 : 30_000
  const deadline = Date.now() + startupMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}: ${stderr}`)
    try {
      if ((await fetch(`${url}/ping`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`clickhouse-server did not answer within ${startupMs / 1000} s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    async stop() {
      // Thrown-away data needs no graceful shutdown (8 s on 18.16); kept data gets one.
      const exited = new Promise((r) => child.once('exit', r))
      child.kill(keep ? 'SIGTERM' : 'SIGKILL')
      await exited
      if (!keep) rmSync(dir, { recursive: true, force: true })
    },
  }
}
