/**
 * Glob patterns for paths and hosts: `*` matches within one segment, `**` across
 * segments, `?` one character. A pattern ending in `/**` also matches its bare
 * prefix, so `/account/**` covers `/account` too (what people mean when they write it).
 * @example
 * globToRegExp('/account/**').test('/account') // true
 */
export const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\/\*\*$/, '\0')
      .replace(/\*\*|\*|\?/g, (glob) => (glob == '**' ? '.*' : glob == '*' ? '[^/]*' : '[^/]'))
      .replace('\0', '(/.*)?')}$`,
    'i',
  )
