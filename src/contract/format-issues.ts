/** Turns zod issues into one line per problem that names the field, e.g. `rules[2].when.path: expected string`. */
interface Issue {
  path: PropertyKey[]
  code: string
  message: string
  expected?: string
  values?: unknown[]
  keys?: string[]
  format?: string
  origin?: string
  minimum?: unknown
  maximum?: unknown
}

/** Formats a zod issue path like `rules[2].when.path`. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let out = root
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`
  }
  return out || '(root)'
}

function describe(issue: Issue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`
  if (issue.code === 'invalid_value' && issue.values) return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  if (issue.code === 'invalid_format') return `expected ${issue.format === 'regex' ? 'a different format' : issue.format}`
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''
  if (issue.code === 'too_small') return `expected at least ${issue.minimum}${unit}`
  if (issue.code === 'too_big') return `expected at most ${issue.maximum}${unit}`
  if (issue.code === 'invalid_union') return 'does not match any allowed form'
  return issue.message
}

/** One readable sentence listing every problem: `rules[0].phase: expected string; rules[3].when.foo: unknown key "foo"`. */
export function formatIssues(issues: readonly Issue[], root = ''): string {
  return issues
    .flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.keys
        ? issue.keys.map((key) => `${formatPath([...issue.path, key], root)}: unknown key`)
        : [`${formatPath(issue.path, root)}: ${describe(issue)}`],
    )
    .join('; ')
}
