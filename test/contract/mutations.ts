/**
 * Deterministic mutations of valid documents, for the conformance corpus: every
 * field deleted, replaced by each other JSON type, stretched past the length
 * limits; an unknown key at every object level; then random 2–3-mutation
 * combinations from a seeded PRNG, so a failure reproduces on every run.
 */
import { LIMITS } from '../../src/contract/limits'

/** One document of the corpus; `valid` is the verdict a hand-written case claims (generated ones claim none). */
export interface Doc {
  name: string
  value: unknown
  valid?: boolean
}

type Key = string | number
type Mutation = { name: string; apply: (doc: unknown) => boolean }

/** mulberry32: tiny, seedable, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Deep copy that keeps functions and builds own keys with define semantics (an own `__proto__` stays a key). */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T
  if (isPlain(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T
  return value
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

// One value of each JSON type; a field is replaced by every one of another type than its own.
const SAMPLES: [string, unknown][] = [
  ['null', null],
  ['boolean', true],
  ['number', 7],
  ['string', 'x'],
  ['array', []],
  ['object', {}],
]
const NUMBER_EDGES = [0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]
const LENGTHS = [...new Set(Object.values(LIMITS).filter((n) => n < 10_000))].map((n) => n + 1)

function paths(value: unknown, at: Key[] = [], out: Key[][] = []): Key[][] {
  const entries: [Key, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isPlain(value) ? Object.entries(value) : []
  for (const [key, child] of entries) {
    out.push([...at, key])
    paths(child, [...at, key], out)
  }
  return out
}

/** The parent of `path` in `doc` and the last key, or undefined when an earlier mutation removed it. */
function locate(doc: unknown, path: Key[]): [Record<Key, unknown>, Key] | undefined {
  let node = doc as Record<Key, unknown>
  for (const key of path.slice(0, -1)) {
    node = node?.[key] as Record<Key, unknown>
    if (typeof node !== 'object' || node === null) return undefined
  }
  const last = path[path.length - 1]!
  return Object.prototype.hasOwnProperty.call(node, last) ? [node, last] : undefined
}

const label = (path: Key[]) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')

function set(path: Key[], what: string, make: (old: unknown) => unknown): Mutation {
  return {
    name: `${label(path)} = ${what}`,
    apply: (doc) => {
      const found = locate(doc, path)
      if (found) found[0][found[1]] = make(found[0][found[1]])
      return !!found
    },
  }
}

function singleMutations(seed: unknown): Mutation[] {
  const out: Mutation[] = []
  for (const path of paths(seed)) {
    const value = locate(seed, path)![0][path[path.length - 1]!]
    const kind = kindOf(value)
    out.push({
      name: `delete ${label(path)}`,
      apply: (doc) => {
        const found = locate(doc, path)
        if (!found) return false
        if (Array.isArray(found[0])) found[0].splice(found[1] as number, 1)
        else delete found[0][found[1]]
        return true
      },
    })
    for (const [type, sample] of SAMPLES) if (type !== kind) out.push(set(path, type, () => clone(sample)))
    if (kind === 'number') for (const n of NUMBER_EDGES) out.push(set(path, String(n), () => n))
    if (kind === 'string') {
      out.push(set(path, "''", () => ''))
      for (const n of LENGTHS) out.push(set(path, `${n} chars`, (old) => (typeof old === 'string' ? old : '').padEnd(n, 'x')))
    }
    if (kind === 'array') out.push(set(path, 'itself + null', (old) => [...(old as unknown[]), null]))
  }
  for (const path of [[], ...paths(seed)]) {
    const node = path.length ? locate(seed, path)![0][path[path.length - 1]!] : seed
    if (!isPlain(node)) continue
    out.push({
      name: `${label(path) || '(root)'} + unknown key`,
      apply: (doc) => {
        const target = path.length ? locate(doc, path)?.[0][path[path.length - 1]!] : doc
        if (!isPlain(target)) return false
        target.extraField = 1
        return true
      },
    })
  }
  return out
}

/**
 * Every single mutation of each seed, plus `combinations` random 2–3-mutation
 * documents per seed.
 * @example
 * mutate([{ name: 'minimal', value: { rules: [] } }], 20, 1)
 */
export function mutate(seeds: Doc[], combinations: number, seed: number): Doc[] {
  const random = prng(seed)
  const out: Doc[] = []
  for (const source of seeds) {
    const mutations = singleMutations(source.value)
    for (const mutation of mutations) {
      const doc = clone(source.value)
      mutation.apply(doc)
      out.push({ name: `${source.name}: ${mutation.name}`, value: doc })
    }
    for (let i = 0; i < combinations; i++) {
      const doc = clone(source.value)
      const applied: string[] = []
      const count = 2 + Math.floor(random() * 2)
      for (let j = 0; j < count; j++) {
        const mutation = mutations[Math.floor(random() * mutations.length)]!
        if (mutation.apply(doc)) applied.push(mutation.name)
      }
      out.push({ name: `${source.name}: ${applied.join(' & ')}`, value: doc })
    }
  }
  return out
}
