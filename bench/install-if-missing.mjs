// Installs bench/ dependencies (the peer SDKs, esbuild, tsx) from bench/package-lock.json
// when they are missing or older than the lock file. Peers never enter the SDK's own dependencies.
import { execSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const installed = join(here, 'node_modules/.package-lock.json')
const lock = join(here, 'package-lock.json')
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('bench: installing peer SDKs (npm ci --prefix bench)')
  execSync('npm ci --no-audit --no-fund', { cwd: here, stdio: 'inherit' })
}
