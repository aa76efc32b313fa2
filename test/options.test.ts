import { describe, expect, test } from 'vitest'
import { DEFAULT_OPTIONS, resolveOptions } from '../src/options'

describe('init() options', () => {
  test('fills every default and keeps what was given', () => {
    const { options, error } = resolveOptions({ endpoint: '/collect', batchSize: 5 })
    expect(error).toBeUndefined()
    expect(options).toMatchObject({ ...DEFAULT_OPTIONS, endpoint: '/collect', batchSize: 5 })
  })

  test('a wrong option is named in the error and replaced by its default; the others still apply', () => {
    const { options, error } = resolveOptions({ endpoint: '/collect', batchSize: 'ten', debug: true })
    expect(error).toBe('batchSize: expected number')
    expect(options.batchSize).toBe(DEFAULT_OPTIONS.batchSize)
    expect(options.debug).toBe(true)
  })

  test('a misspelt key inside a nested option drops only that option, never the endpoint', () => {
    const { options, error } = resolveOptions({ endpoint: '/collect', batchSize: 5, retry: { limt: 3 } })
    expect(error).toBe('retry.limt: unknown key')
    expect(options.endpoint).toBe('/collect')
    expect(options.batchSize).toBe(5)
  })

  test('a plugin that is not a function is named at its index and left out; the other plugins still run', () => {
    const good = () => {}
    const given = [good, 'oops', null, good]
    const { options, error } = resolveOptions({ endpoint: '/collect', plugins: given })
    expect(error).toBe('plugins[1]: expected a function; plugins[2]: expected a function')
    expect(options.plugins).toEqual([good, good])
    expect(given).toEqual([good, 'oops', null, good]) // the site's own list is not changed
  })

  test('a misspelt option is reported by name instead of silently ignored', () => {
    const { error } = resolveOptions({ endpoint: '/collect', flushInterva: 100 })
    expect(error).toBe('flushInterva: unknown key')
  })

  test('an enum option lists the allowed values', () => {
    expect(resolveOptions({ endpoint: '/c', format: 'json' }).error).toBe('format: expected one of "native", "segment"')
  })

  test('no endpoint and no transport is an error naming endpoint', () => {
    expect(resolveOptions({}).error).toContain('endpoint: required')
    expect(resolveOptions(undefined).error).toContain('endpoint: required')
    expect(resolveOptions({ transport: async () => ({ status: 200 }) }).error).toBeUndefined()
  })

  test('a list with a hole (`[\'invite\', , \'ref\']`) names the item, and the other options still apply', () => {
    // eslint-disable-next-line no-sparse-arrays
    const { options, error } = resolveOptions({ endpoint: '/c', batchSize: 7, stripParams: ['invite', , 'ref'] as string[] })
    expect(error).toContain('stripParams[1]: expected string')
    expect(options.stripParams).toEqual([])
    expect(options.batchSize).toBe(7)
  })

  test('a header value fetch refuses (a line break, NUL, a character past U+00FF) is one error naming headers.<name>, and is not sent', () => {
    for (const value of ['a\nb', 'a\rb', 'a\u0000b', 'токен', 'k\u{1F511}']) {
      const { options, error } = resolveOptions({ endpoint: '/c', batchSize: 7, headers: { 'x-k': value } })
      expect(error).toBe('headers.x-k: not a valid header value')
      expect(options.headers?.['x-k']).toBeUndefined()
      expect(options.batchSize).toBe(7)
      // What would have made every delivery fail: fetch accepts what is left.
      expect(() => new Headers(options.headers)).not.toThrow()
    }
    // Latin-1, a tab and surrounding spaces are values fetch takes.
    expect(resolveOptions({ endpoint: '/c', headers: { 'x-k': ' café\tÿ ' } }).error).toBeUndefined()
  })

  test('a privacy option that is not a boolean falls back to the protective true, not to its default, and the error says so', () => {
    const { options, error } = resolveOptions({ endpoint: '/c', requireConsent: 'yes', respectDoNotTrack: 1, respectGlobalPrivacyControl: 'no', batchSize: 7 })
    expect(options).toMatchObject({ requireConsent: true, respectDoNotTrack: true, respectGlobalPrivacyControl: true, batchSize: 7 })
    expect(error).toBe(
      'requireConsent: expected boolean (using true); respectDoNotTrack: expected boolean (using true); respectGlobalPrivacyControl: expected boolean (using true)',
    )
    // A boolean, or no value, is taken as it is.
    expect(resolveOptions({ endpoint: '/c', respectGlobalPrivacyControl: false }).options.respectGlobalPrivacyControl).toBe(false)
    expect(resolveOptions({ endpoint: '/c', requireConsent: undefined }).options.requireConsent).toBe(false)
  })

  test('hooks must be functions', () => {
    expect(resolveOptions({ endpoint: '/c', beforeSend: 'drop' }).error).toContain('beforeSend')
  })
})
