/**
 * Glob patterns for paths and hosts: `*` matches within one segment, `**` across
 * segments, `?` one character. A pattern ending in `/**` also matches its bare
 * prefix, so `/account/**` covers `/account` too (what people mean when they write it).
 */
export function globToRegExp(pattern: string, separator = '/'): RegExp {
  const sep = separator.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!
    if (char === '*' && pattern[i + 1] === '*') {
      const atEnd = i + 2 === pattern.length
      if (atEnd && source.endsWith(sep)) {
        source = `${source.slice(0, -sep.length)}(?:${sep}.*)?`
      } else source += '.*'
      i++
    } else if (char === '*') source += `[^${sep}]*`
    else if (char === '?') source += `[^${sep}]`
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 'i')
}
