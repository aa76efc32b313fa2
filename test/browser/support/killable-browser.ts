/**
 * A Chromium this test starts itself, so it can SIGKILL it (a crash, a phone
 * killing the browser) and start it again on the same profile. playwright-core
 * attaches over CDP; the process group is ours, killed by its id.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { chromiumPath } from './browser'

export interface Killable {
  context: BrowserContext
  /** SIGKILLs the browser and all its processes; resolves once the main process is gone. */
  kill(): Promise<void>
  close(): Promise<void>
}

/** Starts Chromium on `profile` (a directory kept across kills). */
export async function startKillable(profile: string): Promise<Killable> {
  const child: ChildProcess = spawn(
    chromiumPath(),
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const ws = await new Promise<string>((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${text}`)), 15_000)
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const found = text.match(/DevTools listening on (ws:\/\/\S+)/)
      if (found) {
        clearTimeout(timer)
        resolve(found[1]!)
      }
    })
    child.on('exit', () => reject(new Error(`Chromium exited: ${text}`)))
  })
  child.stderr!.resume()
  const browser: Browser = await chromium.connectOverCDP(ws)
  const gone = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())))
  const kill = async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {}
    await gone
  }
  return {
    context: browser.contexts()[0]!,
    kill,
    close: async () => {
      await browser.close().catch(() => {})
      await kill()
    },
  }
}

/** A fresh profile directory, and its removal. */
export function tempProfile(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'journeytag-killable-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
