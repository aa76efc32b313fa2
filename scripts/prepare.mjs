// npm's `prepare` hook: builds dist/ after `npm ci` / `npm install` in a clone, so the
// collector (which imports dist/schema.js) and the examples work after the README's setup.
// On `npm pack` / `npm publish` npm runs prepack first, which has just built: no second build.
import { execSync } from 'node:child_process'
import { createRequire } from 'node:module'

const command = process.env.npm_command
if (command === 'pack' || command === 'publish') process.exit(0)
try {
  createRequire(import.meta.url).resolve('tsup')
} catch {
  // An install without devDependencies (--omit=dev) cannot build; installing must still succeed.
  console.warn('journeytag prepare: tsup is not installed (devDependencies omitted?), dist/ not built; run `npm run build` after a full install')
  process.exit(0)
}
execSync('npm run build', { stdio: 'inherit' })
