/** Launches Debian's Chromium through playwright-core (never a downloaded browser). */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]

/** Path of the system Chromium; fails loudly with the install command when it is missing. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path))
  if (!found) throw new Error('Chromium not found: run `apt-get install -y chromium` (or set CHROMIUM_PATH)')
  return found
}

/**
 * A persistent context with a fresh profile: IndexedDB and localStorage survive reloads and new tabs within it.
 * `bfcache` keeps the back/forward cache on, as in a visitor's browser (playwright turns it off by default).
 */
export async function launchBrowser({ bfcache = false } = {}): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'journeytag-chromium-'))
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : [],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
