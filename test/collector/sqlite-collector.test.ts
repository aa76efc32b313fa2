// @vitest-environment node
import { collectorContract } from './support/contract'
import { openSqliteStore } from '../../examples/collector/storage/sqlite.js'

collectorContract(async () => openSqliteStore(':memory:'))
