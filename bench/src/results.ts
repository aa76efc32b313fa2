/** The shape of bench/results.json: everything a run measured, from which every report is rendered. */
import type { Sdk } from './sdks'
import type { SizeRow } from './size'
import type { MainThreadRun } from './main-thread'
import type { SpacedRun } from './spaced'
import type { DurabilityRun } from './durability'
import type { FaultRun } from './faults'

export interface Results {
  environment: {
    date: string
    cpu: string
    cores: number
    memoryGiB: number
    node: string
    chromium: string
    packages: Record<string, string>
    loadBefore: string[]
    loadAfter: string[]
    durationS: number
  }
  runs: {
    mainThread: number
    faults: number
    durability: number
    budgetMs: number
    settleMs: number
    spaced: number
    spacedCalls: number
    spacedGapMs: number
    spacedIdleMs: number
    spacedTailMs: number
  }
  sdks: Sdk[]
  sizes: SizeRow[]
  mainThread: Record<string, MainThreadRun[]>
  spaced: Record<string, SpacedRun[]>
  durability: DurabilityRun[]
  faults: Record<string, FaultRun[]>
}
