/**
 * Turns a validated rules document into one function from touchpoint to phase.
 * Globs are compiled once here so matching a touchpoint is plain RegExp tests.
 */
import { globToRegExp } from './glob'
import { quiet } from '../log'
import type { Conditions, RulesDocument } from '../contract/rules'
import { DEFAULT_PHASES } from '../contract/limits'
import type { VisitorState } from '../context/journey-state'

/** Everything a rule can look at when a touchpoint happens. */
export interface MatchContext {
  type: string
  path: string
  query: URLSearchParams
  channel: string
  referrerHost: string
  properties: Record<string, unknown>
  element?: Element
  visitor: VisitorState
}

type Predicate = (ctx: MatchContext) => boolean

/** A condition used as written (nothing to compile). */
const asWritten = <T>(condition: T) => condition

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value])
const anyOf = (value: unknown) => {
  const values = list(value)
  return (x: unknown) => values.includes(x)
}
const globs = (patterns: string | string[]) => {
  const regexps = list(patterns).map((p) => globToRegExp(p))
  return (value: string) => regexps.some((r) => r.test(value))
}
const inRange = (condition: number | { min?: number; max?: number }) => (value: number) =>
  typeof condition == 'number' ? value == condition : (condition.min ?? -Infinity) <= value && value <= (condition.max ?? Infinity)

function compileConditions(when: Conditions): Predicate {
  const checks: Predicate[] = []
  // `compile` runs once per rule (a glob becomes a RegExp here), `test` on every touchpoint.
  const on = <T, C>(condition: T | undefined, compile: (c: T) => C, test: (is: C) => Predicate) =>
    condition !== undefined && checks.push(test(compile(condition)))
  const v = when.visitor ?? {}
  on(when.type, anyOf, (is) => (ctx) => is(ctx.type))
  // A path arrives percent-encoded (`/caf%C3%A9`); rules are written as people read it (`/café`): either matches.
  // Only a path with an escape is decoded: every rule that fails on it would decode it again.
  on(when.path, globs, (is) => (ctx) => is(ctx.path) || (ctx.path.includes('%') && is(quiet(() => decodeURI(ctx.path)) ?? ctx.path)))
  on(when.referrer, globs, (is) => (ctx) => !!ctx.referrerHost && is(ctx.referrerHost))
  on(when.channel, anyOf, (is) => (ctx) => is(ctx.channel))
  on(when.selector, asWritten, (selector) => (ctx) => {
    try {
      return !!ctx.element?.closest(selector)
    } catch {
      return false // an invalid selector matches nothing rather than breaking tracking
    }
  })
  for (const [key, expected] of Object.entries(when.query ?? {})) {
    const is = anyOf(expected)
    checks.push((ctx) => (typeof expected == 'boolean' ? ctx.query.has(key) == expected : is(ctx.query.get(key))))
  }
  for (const [key, expected] of Object.entries(when.properties ?? {})) {
    const is = anyOf(expected)
    checks.push((ctx) => is(ctx.properties[key]))
  }
  on(v.purchases, inRange, (is) => (ctx) => is(ctx.visitor.purchases))
  on(v.sessions, inRange, (is) => (ctx) => is(ctx.visitor.sessions))
  on(v.reached, anyOf, (is) => (ctx) => ctx.visitor.reached.some(is))
  on(v.firstChannel, anyOf, (is) => (ctx) => is(ctx.visitor.firstChannel))
  on(v.identified, asWritten, (c) => (ctx) => ctx.visitor.identified == c)
  return (ctx) => checks.every((check) => check(ctx))
}

/**
 * Compiles a rules document into a phase resolver: the first rule whose
 * conditions all hold wins; otherwise the fallback phase.
 * @example
 * const phaseOf = compileRules(defaultRules)
 */
export function compileRules(doc: RulesDocument): (ctx: MatchContext) => string {
  const fallback = doc.fallback ?? (doc.phases ?? DEFAULT_PHASES)[0]!
  const compiled = doc.rules.map((rule) => [rule.phase, compileConditions(rule.when)] as const)
  return (ctx) => compiled.find(([, matches]) => matches(ctx))?.[0] ?? fallback
}
