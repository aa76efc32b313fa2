/**
 * The browser's compact validator (src/check/) and the zod contract (src/contract/)
 * must never drift: over one corpus they give the same verdict and name the same fields.
 */
import { describe, expect, test } from 'vitest'
import type { z } from 'zod/mini'
import { batchSchema, eventSchema } from '../../src/contract/event'
import { optionsSchema } from '../../src/contract/options'
import { orderSchema } from '../../src/contract/order'
import { rulesDocumentSchema } from '../../src/contract/rules'
import { batchShape, eventShape, optionsShape, orderShape, rulesShape } from '../../src/check/shapes'
import { formatPath, validate, type Check, type Path } from '../../src/check/validate'
import { corpus, type Doc, type ShapeName } from './corpus'

const shapes: Record<ShapeName, [z.core.$ZodType, Check]> = {
  options: [optionsSchema, optionsShape],
  rules: [rulesDocumentSchema, rulesShape],
  order: [orderSchema, orderShape],
  event: [eventSchema, eventShape],
  batch: [batchSchema, batchShape],
}

const sortedUnique = (paths: string[]) => [...new Set(paths)].sort()

function zodVerdict(schema: z.core.$ZodType, value: unknown) {
  const result = (schema as unknown as z.ZodMiniType).safeParse(value)
  const issues = result.success ? [] : result.error.issues
  const paths = issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => formatPath([...(issue.path as Path), key])) : [formatPath(issue.path as Path)],
  )
  return { valid: result.success, paths: sortedUnique(paths), issues }
}

function runtimeVerdict(check: Check, value: unknown) {
  const issues = validate(check, value)
  return { valid: issues.length === 0, paths: sortedUnique(issues.map((issue) => formatPath(issue[0]))), issues }
}

/** A readable, bounded rendering: NaN, Infinity and functions shown as such, long strings and deep nesting cut. */
function show(value: unknown, depth = 0): string {
  if (typeof value === 'function') return '<function>'
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 12))}…(${value.length} chars)` : JSON.stringify(value)
  if (value === null || typeof value !== 'object') return String(value)
  if (depth > 10) return '…'
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((v) => show(v, depth + 1))
    return `[${items.join(', ')}${value.length > 8 ? `, …(${value.length} items)` : ''}]`
  }
  const entries = Object.entries(value)
  const shown = entries.slice(0, 25).map(([k, v]) => `${JSON.stringify(k)}: ${show(v, depth + 1)}`)
  return `{${shown.join(', ')}${entries.length > 25 ? ', …' : ''}}`
}

function report(shape: ShapeName, doc: Doc, zod: ReturnType<typeof zodVerdict>, runtime: ReturnType<typeof runtimeVerdict>): string {
  const zodIssues = zod.issues.map((issue) => {
    const { input: _input, ...rest } = issue as typeof issue & { input?: unknown }
    return show(rest)
  })
  return [
    `${shape} · ${doc.name}`,
    `  document: ${show(doc.value)}`,
    `  zod:     ${zod.valid ? 'valid' : 'invalid'}  paths ${JSON.stringify(zod.paths)}`,
    `  runtime: ${runtime.valid ? 'valid' : 'invalid'}  paths ${JSON.stringify(runtime.paths)}`,
    `  zod issues: ${zodIssues.join('\n              ')}`,
    `  runtime issues: ${show(runtime.issues)}`,
  ].join('\n')
}

const SHOWN = 12

describe.each(Object.keys(shapes) as ShapeName[])('%s', (shape) => {
  const [schema, check] = shapes[shape]
  const docs = corpus[shape]

  test('the browser validator gives zod’s verdict and names the same fields, on every document', () => {
    const mismatches: string[] = []
    for (const doc of docs) {
      const zod = zodVerdict(schema, doc.value)
      const runtime = runtimeVerdict(check, doc.value)
      if (zod.valid !== runtime.valid || zod.paths.join('\n') !== runtime.paths.join('\n')) mismatches.push(report(shape, doc, zod, runtime))
    }
    const shown = mismatches.slice(0, SHOWN)
    if (mismatches.length > SHOWN) shown.push(`…and ${mismatches.length - SHOWN} more`)
    expect(shown.join('\n\n'), `${mismatches.length} of ${docs.length} documents disagree`).toBe('')
  })

  test('each hand-written case gets the verdict it claims from the contract', () => {
    const wrong = docs
      .filter((doc) => doc.valid !== undefined && zodVerdict(schema, doc.value).valid !== doc.valid)
      .map((doc) => `${doc.name}: claims ${doc.valid ? 'valid' : 'invalid'} · ${show(doc.value)}`)
    expect(wrong).toEqual([])
  })

  test('the corpus is large and holds valid and invalid documents alike', () => {
    const valid = docs.filter((doc) => zodVerdict(schema, doc.value).valid).length
    expect(docs.length).toBeGreaterThanOrEqual(150)
    expect(valid).toBeGreaterThanOrEqual(20)
    expect(docs.length - valid).toBeGreaterThanOrEqual(20)
  })
})
