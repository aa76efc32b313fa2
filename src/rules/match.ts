/**
 * Turns a validated rules document into one function from touchpoint to phase.
 * Globs are compiled once here so the hot path of track() is plain RegExp tests.
 */
import { globToRegExp } from './glob'
import type { Conditions, RulesDocument } from '../contract/rules'
import { DEFAULT_PHASES } from '../contract/rules'
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

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value])

function anyGlob(patterns: string | string[], separator: string): (value: string) => boolean {
  const regexps = list(patterns).map((p) => globToRegExp(p, separator))
  return (value) => regexps.some((r) => r.test(value))
}

function inRange(value: number, condition: number | { min?: number; max?: number }): boolean {
  if (typeof condition === 'number') return value === condition
  return (condition.min ?? -Infinity) <= value && value <= (condition.max ?? Infinity)
}

function elementMatches(element: Element | undefined, selector: string): boolean {
  try {
    return !!element && !!element.closest(selector)
  } catch {
    return false // an invalid selector matches nothing rather than breaking tracking
  }
}

function compileConditions(when: Conditions): Predicate {
  const checks: Predicate[] = []
  if (when.type !== undefined) {
    const types = list(when.type)
    checks.push((ctx) => types.includes(ctx.type))
  }
  if (when.path !== undefined) {
    const test = anyGlob(when.path, '/')
    checks.push((ctx) => test(ctx.path))
  }
  if (when.referrer !== undefined) {
    const test = anyGlob(when.referrer, '/')
    checks.push((ctx) => ctx.referrerHost !== '' && test(ctx.referrerHost))
  }
  if (when.channel !== undefined) {
    const channels = list(when.channel)
    checks.push((ctx) => channels.includes(ctx.channel))
  }
  if (when.query !== undefined) {
    for (const [key, expected] of Object.entries(when.query)) {
      if (typeof expected === 'boolean') checks.push((ctx) => ctx.query.has(key) === expected)
      else {
        const values = list(expected)
        checks.push((ctx) => values.includes(ctx.query.get(key) ?? '\u0000'))
      }
    }
  }
  if (when.selector !== undefined) {
    const selector = when.selector
    checks.push((ctx) => elementMatches(ctx.element, selector))
  }
  if (when.properties !== undefined) {
    for (const [key, expected] of Object.entries(when.properties)) {
      const values = list(expected)
      checks.push((ctx) => values.includes(ctx.properties[key] as never))
    }
  }
  const visitor = when.visitor
  if (visitor !== undefined) {
    const { purchases, sessions, reached, firstChannel, identified } = visitor
    if (purchases !== undefined) checks.push((ctx) => inRange(ctx.visitor.purchases, purchases))
    if (sessions !== undefined) checks.push((ctx) => inRange(ctx.visitor.sessions, sessions))
    if (reached !== undefined) {
      const phases = list(reached)
      checks.push((ctx) => phases.some((p) => ctx.visitor.reached.includes(p)))
    }
    if (firstChannel !== undefined) {
      const channels = list(firstChannel)
      checks.push((ctx) => channels.includes(ctx.visitor.firstChannel ?? ''))
    }
    if (identified !== undefined) checks.push((ctx) => ctx.visitor.identified === identified)
  }
  return (ctx) => checks.every((check) => check(ctx))
}

/**
 * Compiles a rules document into a phase resolver: the first rule whose
 * conditions all hold wins; otherwise the fallback phase.
 */
export function compileRules(doc: RulesDocument): (ctx: MatchContext) => string {
  const fallback = doc.fallback ?? (doc.phases ?? DEFAULT_PHASES)[0]!
  const compiled = doc.rules.map((rule) => ({ phase: rule.phase, matches: compileConditions(rule.when) }))
  return (ctx) => compiled.find((rule) => rule.matches(ctx))?.phase ?? fallback
}
