/**
 * Glob patterns for paths and hosts: `*` matches within one segment, `**` across
 * segments, `?` one character. `/**` also matches no segment at all (what people mean when they
 * write it): `/account/**` covers `/account`, and `/shop/**` then `/cart` in one pattern covers `/shop/cart`.
 * @example
 * globToRegExp('/account/**').test('/account') // true
 */
export const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      // `/**` twice in a row means it once: each would be a group of its own, and a failing match backtracks through all of them.
      .replace(/(\/\*\*)+(?=\/|$)/g, '\0')
      .replace(/\*\*|\*|\?/g, (glob) => (glob == '**' ? '.*' : glob == '*' ? '[^/]*' : '[^/]'))
      .replace(/\0/g, '(/.*)?')}$`,
    'i',
  )
