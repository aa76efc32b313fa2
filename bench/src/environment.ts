/** The machine and software a run measured on, for the report's header. */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { BENCH, ROOT } from './build'
import { chromiumVersion } from './browser'
import { SDKS } from './sdks'

const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version

/** An installed peer, or one whose script file install-if-missing.mjs unpacked under .build/vendor/<name>-<version>/. */
function peerDir(name: string): string {
  const installed = join(BENCH, 'node_modules', name)
  if (existsSync(installed)) return installed
  const vendor = join(BENCH, '.build/vendor')
  const unpacked = existsSync(vendor) ? readdirSync(vendor).find((d) => d.startsWith(`${name}-`)) : undefined
  if (!unpacked) throw new Error(`bench: ${name} is not installed (run node install-if-missing.mjs)`)
  return join(vendor, unpacked, 'package')
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: ROOT, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

export function describeEnvironment() {
  const readLoad = () => loadavg().map((n) => n.toFixed(2))
  const packages: Record<string, string> = { journeytag: `${version(ROOT)} (${gitCommit()})` }
  for (const name of new Set(SDKS.flatMap((s) => s.packages).filter((p) => p !== 'journeytag'))) {
    packages[name] = version(peerDir(name))
  }
  packages.esbuild = version(join(BENCH, 'node_modules/esbuild'))
  packages['playwright-core'] = version(join(ROOT, 'node_modules/playwright-core'))
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion(),
    packages,
    loadBefore: readLoad(),
    loadAfter: [] as string[],
    durationS: 0,
    readLoad,
  }
}

export type Environment = ReturnType<typeof describeEnvironment>
