/**
 * A compact validator for the browser bundle: the same verdicts and the same
 * field paths as the zod contract (src/contract/), held to it by the
 * conformance test, at a fraction of zod's bytes. A check appends every problem
 * it finds, so one message can name every wrong field.
 *
 * Like zod, a problem is "hard" when the value has the wrong type (the union of
 * alternatives reports it as "no allowed form") and "soft" when only a
 * refinement failed (a length, a format, an unknown key): a union whose one
 * alternative fails softly reports that alternative's problems instead.
 */

import { stringify } from '../builtins'

/** A field path, as in zod: `['rules', 2, 'when', 'path']`. */
export type Path = (string | number)[]
/** One problem: where, what, and whether it is soft. */
export type Issue = [path: Path, message: string, soft?: 1]
/** Checks a value at a path, appending problems. */
export type Check = (value: unknown, path: Path, issues: Issue[]) => void

const own = {}.hasOwnProperty
const soft = (issues: Issue[], path: Path, message: string) => void issues.push([path, message, 1])
// Lengths, item counts and numbers share one pair of messages.
const bounds = (n: number, min: number, max: number, unit = '') =>
  n < min ? `expected at least ${min}${unit}` : n > max ? `expected at most ${max}${unit}` : ''
/** Anything. */
export const any: Check = () => {}

/**
 * Every check starts the same way: the wrong type is a hard problem, and only a value of the right type is
 * looked into by `then`, which returns a soft problem of the value itself (a length, a format), or '' for none.
 */
const typed =
  (is: (v: any) => unknown, expected: string, then: (v: any, path: Path, issues: Issue[]) => unknown = any): Check =>
  (v, path, issues) => {
    const problem = is(v) ? then(v, path, issues) : void issues.push([path, `expected ${expected}`])
    if (problem) soft(issues, path, problem as string)
  }
const isObject = (v: unknown) => typeof v == 'object' && v && !Array.isArray(v)

/** A string, optionally with a length range. */
export const str = (min = 0, max = Infinity): Check => typed((v) => typeof v == 'string', 'string', (v) => bounds(v.length, min, max, ' characters'))

/**
 * A finite number in [min, max]; `int` for a safe integer. zod's "positive" integer is `num(1, 1)`:
 * the same verdicts as "more than 0", one message fewer.
 */
export const num = (int?: 0 | 1, min = -Infinity, max = Infinity): Check =>
  typed(Number.isFinite, 'number', (v) => (int && !Number.isSafeInteger(v) ? 'expected an integer' : bounds(v, min, max)))

/** One of the given values (strings, numbers, booleans, null). */
export const oneOf = (...values: unknown[]): Check => typed((v) => values.includes(v), `one of ${values.map((x) => stringify(x)).join(', ')}`)

/** true or false. */
export const bool: Check = /* @__PURE__ */ typed((v) => typeof v == 'boolean', 'boolean')

/** A value `base` accepts and `test` finds no problem with (a refinement: soft); `test` returns the problem, or '' for none. */
export const refine =
  (base: Check, test: (v: any) => string): Check =>
  (v, path, issues) => {
    const before = issues.length
    base(v, path, issues)
    const problem = issues.length == before && test(v)
    if (problem) soft(issues, path, problem)
  }

/** A function (hooks, plugins, transport); as zod's custom checks, a wrong value is a soft problem. */
export const fn: Check = /* @__PURE__ */ refine(any, (v) => (typeof v == 'function' ? '' : 'expected a function'))

/** An array of items, at least `min` long. */
export const list = (item: Check, min = 0): Check =>
  typed(Array.isArray, 'array', (v: unknown[], path, issues) => {
    // An index loop, not forEach: a hole (`['a', , 'b']`) is an undefined item, as zod sees it, not a skipped one.
    for (let i = 0; i < v.length; i++) item(v[i], [...path, i], issues)
    return bounds(v.length, min, Infinity, ' items')
  })

const unknownKey: Check = (_, path, issues) => soft(issues, path, 'unknown key')

/**
 * An object of the given fields; `required` names those that must be there (the others may be missing),
 * or, after a '-', those that may be missing (the others must be there): whichever list is shorter.
 * Every other key goes to `rest`: by default an unknown key is a problem naming it.
 */
export const obj = (fields: Record<string, Check>, required = '', rest = unknownKey): Check =>
  typed(isObject, 'object', (v, path, issues) => {
    const except = required[0] == '-'
    const names = required.slice(+except).split(' ')
    for (const key in fields) if (v[key] !== undefined || names.includes(key) != except) fields[key]!(v[key], [...path, key], issues)
    for (const key in v) own.call(fields, key) || rest(v[key], [...path, key], issues)
  })

/** An object with string keys and values of one kind. */
export const record = (value: Check): Check =>
  // As zod: an own `__proto__` key (JSON.parse makes them) is neither checked nor kept.
  obj({}, '', (v, path, issues) => path[path.length - 1] == '__proto__' || value(v, path, issues))

/** The first alternative that fits; as in zod, one that fails only softly is reported as the intended one. */
export const either =
  (...options: Check[]): Check =>
  (v, path, issues) => {
    let close: Issue[][] = []
    for (const option of options) {
      const found: Issue[] = []
      option(v, path, found)
      if (!found.length) return
      if (found.every((issue) => issue[2])) close.push(found)
    }
    issues.push(...(close[1] || !close[0] ? [[path, 'does not match any allowed form'] as Issue] : close[0]))
  }

/** A value or a list of such values. */
export const oneOrMany = (item: Check): Check => either(item, list(item))

/**
 * Runs a check; returns every problem as `[path, message]` pairs (none when valid).
 * @example
 * validate(obj({ a: num() }, 'a'), { a: 'x' }) // [[['a'], 'expected number']]
 */
export function validate(check: Check, value: unknown): Issue[] {
  const issues: Issue[] = []
  check(value, [], issues)
  return issues
}

/**
 * Formats a path like zod paths are written in messages: `rules[2].when.path`.
 * @example
 * formatPath(['rules', 2, 'when'], '') // 'rules[2].when'
 */
export function formatPath(path: Path, root = ''): string {
  return (root + path.map((key) => (typeof key == 'number' ? `[${key}]` : `.${key}`)).join('')).replace(/^\./, '') || '(root)'
}

/**
 * One readable sentence naming every problem: `batchSize: expected number; flushInterva: unknown key`.
 * @example
 * describeIssues([[['a'], 'unknown key']]) // 'a: unknown key'
 */
export const describeIssues = (issues: Issue[], root = ''): string => issues.map(([path, message]) => `${formatPath(path, root)}: ${message}`).join('; ')
