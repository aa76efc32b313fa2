// @ts-check
/** The collector's settings, from command-line flags first, then environment variables, then defaults. */
import { DEFAULT_GOAL, DEFAULT_PHASES } from './analytics/definitions.js'

/**
 * @typedef {object} CollectorConfig
 * @property {string} host address to listen on
 * @property {number} port
 * @property {string} dbPath SQLite file (used when databaseUrl is not set)
 * @property {string | undefined} databaseUrl PostgreSQL connection string: selects the PostgreSQL store
 * @property {string | undefined} clickhouseUrl ClickHouse HTTP URL: selects the ClickHouse store (wins over databaseUrl)
 * @property {string[]} origins site origins allowed to send events ('*' for any; 'http://localhost:*' for any port)
 * @property {string | undefined} writeKey when set, every batch must carry it
 * @property {number} maxBodyBytes largest accepted body, before and after gunzip
 * @property {string[]} phases journey phases in order, as columns of the map
 * @property {string[]} goal touchpoint types that make a visitor converted (the map's goal)
 * @property {number} queueLimit batches that may wait for the database before /collect answers 429
 * @property {number} writeConcurrency inserts running at the same time
 * @property {number} cacheMs how long a computed map is reused for the same range and filters
 * @property {number} mapConcurrency different maps computed at the same time (others wait their turn)
 */

/** Flag → [environment variable, default]. Every flag is also `--flag=value`. */
const SETTINGS = /** @type {const} */ ({
  host: ['JOURNEYTAG_HOST', '127.0.0.1'],
  port: ['PORT', '8787'],
  db: ['JOURNEYTAG_DB', '.data/journeytag.db'],
  'database-url': ['DATABASE_URL', ''],
  'clickhouse-url': ['CLICKHOUSE_URL', ''],
  origins: ['JOURNEYTAG_ORIGINS', 'http://localhost:*,http://127.0.0.1:*'],
  'write-key': ['JOURNEYTAG_WRITE_KEY', ''],
  'max-body': ['JOURNEYTAG_MAX_BODY', String(1024 * 1024)],
  phases: ['JOURNEYTAG_PHASES', DEFAULT_PHASES.join(',')],
  goal: ['JOURNEYTAG_GOAL', DEFAULT_GOAL.join(',')],
  'queue-limit': ['JOURNEYTAG_QUEUE_LIMIT', '200'],
  'write-concurrency': ['JOURNEYTAG_WRITE_CONCURRENCY', '4'],
  'cache-ms': ['JOURNEYTAG_CACHE_MS', '5000'],
  'map-concurrency': ['JOURNEYTAG_MAP_CONCURRENCY', '1'],
})

/** Help text for `--help`, generated from the same table so it cannot drift. */
export const USAGE = `Usage: node examples/collector/main.js [--flag value]...\n${Object.entries(SETTINGS)
  .map(([flag, [env, fallback]]) => `  --${flag.padEnd(17)} env ${env.padEnd(28)} default ${fallback || '(none)'}`)
  .join('\n')}`

const list = (/** @type {string} */ value) => value.split(',').map((s) => s.trim()).filter(Boolean)

/**
 * Reads the configuration. Throws an Error naming the flag for a bad value.
 * @example
 * parseConfig(['--port', '9000', '--write-key', 's3cret'], process.env).port // 9000
 * @param {readonly string[]} argv arguments after the script name
 * @param {Record<string, string | undefined>} env
 * @returns {CollectorConfig}
 */
export function parseConfig(argv, env) {
  /** @type {Record<string, string>} */
  const flags = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i])
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`)
    const name = /** @type {string} */ (match[1])
    if (!(name in SETTINGS)) throw new Error(`unknown flag --${name}\n${USAGE}`)
    const value = match[2] ?? argv[++i]
    if (value === undefined) throw new Error(`--${name} needs a value`)
    flags[name] = value
  }
  const get = (/** @type {keyof typeof SETTINGS} */ name) => flags[name] ?? env[SETTINGS[name][0]] ?? SETTINGS[name][1]
  const number = (/** @type {keyof typeof SETTINGS} */ name) => {
    const value = Number(get(name))
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${get(name)}"`)
    return value
  }
  const positive = (/** @type {keyof typeof SETTINGS} */ name) => {
    const value = number(name)
    if (value === 0) throw new Error(`--${name} must be at least 1`)
    return value
  }
  const nonEmpty = (/** @type {keyof typeof SETTINGS} */ name) => {
    const value = list(get(name))
    if (!value.length) throw new Error(`--${name} needs at least one name`)
    return value
  }
  return {
    host: get('host'),
    port: number('port'),
    dbPath: get('db'),
    databaseUrl: get('database-url') || undefined,
    clickhouseUrl: get('clickhouse-url') || undefined,
    origins: list(get('origins')),
    writeKey: get('write-key') || undefined,
    maxBodyBytes: number('max-body'),
    phases: nonEmpty('phases'),
    goal: nonEmpty('goal'),
    queueLimit: positive('queue-limit'),
    writeConcurrency: positive('write-concurrency'),
    cacheMs: number('cache-ms'),
    mapConcurrency: positive('map-concurrency'),
  }
}
