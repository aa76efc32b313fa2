// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { storeContract } from './support/store-contract'
import { openSqliteStore } from '../../examples/collector/stores/sqlite.js'

// A file, not ':memory:': the figures then run in the store's worker thread, as in production.
const dir = mkdtempSync(join(tmpdir(), 'journeytag-sqlite-'))
storeContract(
  async () => openSqliteStore(join(dir, 'journeytag.db')),
  () => rmSync(dir, { recursive: true, force: true }),
)
