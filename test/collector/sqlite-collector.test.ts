// @vitest-environment node
import { collectorContract } from './support/contract'
import { openSqliteStore } from '../../examples/collector/stores/sqlite.js'

collectorContract(async () => openSqliteStore(':memory:'))
