// Installs bench/ dependencies (the peer SDKs, esbuild, tsx) from bench/package-lock.json
// when they are missing or older than the lock file. Peers never enter the SDK's own dependencies.
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const installed = join(here, 'node_modules/.package-lock.json')
const lock = join(here, 'package-lock.json')
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('bench: installing peer SDKs (npm ci --prefix bench)')
  execSync('npm ci --no-audit --no-fund', { cwd: here, stdio: 'inherit' })
}

// Trackers whose npm package is a whole application: installing it would pull in its server (Next.js,
// Prisma…) for one script file, so the tarball is fetched with `npm pack`, checked against the pinned
// integrity, and only that file is unpacked.
const SCRIPT_PACKAGES = [
  {
    name: 'umami',
    version: '2.10.0',
    integrity: 'sha512-+lmrnV0751R6U2rkIgVAlE1nWI7yZawlMlJDguW9tlFacCKhnGeCyc7tCMIhNNYIiGIQy4DEX5IzJhm4b3+dPA==',
    file: 'package/src/tracker/index.js',
  },
]
for (const pkg of SCRIPT_PACKAGES) {
  const dir = join(here, '.build/vendor', `${pkg.name}-${pkg.version}`)
  if (existsSync(join(dir, pkg.file)) && existsSync(join(dir, 'package/package.json'))) continue
  mkdirSync(dir, { recursive: true })
  console.log(`bench: fetching ${pkg.file} from ${pkg.name}@${pkg.version} (npm pack)`)
  const [packed] = JSON.parse(execFileSync('npm', ['pack', `${pkg.name}@${pkg.version}`, '--json', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' }))
  if (packed.integrity !== pkg.integrity) throw new Error(`${pkg.name}@${pkg.version}: integrity ${packed.integrity}, expected ${pkg.integrity}`)
  // package.json too, so the report can name the version it measured.
  execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir, pkg.file, 'package/package.json'])
}
