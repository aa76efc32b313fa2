import { beforeEach, describe, expect, test } from 'vitest'
import { blockedParams, cleanUrl, readPage } from '../../src/context/page'

const blocked = blockedParams(['invite'])

describe('URLs are cleaned before anything is stored or sent', () => {
  test('sensitive query parameters are removed, case-insensitively; others keep their exact encoding', () => {
    expect(cleanUrl('https://shop.example/reset?Token=abc&utm_source=mail&q=a%20b', blocked)).toBe('https://shop.example/reset?utm_source=mail&q=a%20b')
    expect(cleanUrl('https://shop.example/join?invite=xyz', blocked)).toBe('https://shop.example/join')
  })

  test('a link HTML-escaped once too often (a newsletter template: ?utm_source=nl&amp;email=…) still loses the reader\'s email', () => {
    expect(cleanUrl('https://shop.example/?utm_source=nl&amp;email=reader%40mail.example&amp;page=2', blocked)).toBe('https://shop.example/?utm_source=nl&amp;page=2')
    expect(cleanUrl('https://shop.example/?amp;Token=abc', blocked)).toBe('https://shop.example/')
  })

  test('the fragment is dropped: OAuth and magic links carry tokens there', () => {
    expect(cleanUrl('https://app.example/callback#access_token=SECRET&token_type=bearer', blocked)).toBe('https://app.example/callback')
    expect(cleanUrl('https://shop.example/faq#shipping', blocked)).toBe('https://shop.example/faq')
  })

  test('with hash routing the route is kept, minus sensitive parameters in its own query', () => {
    expect(cleanUrl('https://app.example/#/reset?token=SECRET&step=2', blocked, true)).toBe('https://app.example/#/reset?step=2')
    expect(cleanUrl('https://app.example/#!/pricing', blocked, true)).toBe('https://app.example/#!/pricing')
    expect(cleanUrl('https://app.example/#access_token=SECRET', blocked, true)).toBe('https://app.example/')
  })

  test('with hash routing, a second # or a route that is really an OAuth response never leaks a token', () => {
    expect(cleanUrl('https://a.example/#/cb#access_token=SECRET', blocked, true)).toBe('https://a.example/#/cb')
    expect(cleanUrl('https://a.example/#/x?a=1#token=SECRET', blocked, true)).toBe('https://a.example/#/x?a=1')
    expect(cleanUrl('https://a.example/#/access_token=SECRET&token_type=Bearer', blocked, true)).toBe('https://a.example/')
  })

  test('a Java-style path parameter (;jsessionid=…) named in the strip list is removed, case-insensitively; others stay', () => {
    expect(cleanUrl('https://shop.example/cart;jsessionid=ABC123?x=1', blocked)).toBe('https://shop.example/cart?x=1')
    expect(cleanUrl('https://shop.example/a;v=2;SID=xyz/b;JSESSIONID=ABC;Invite=1', blocked)).toBe('https://shop.example/a;v=2/b')
    expect(cleanUrl('https://shop.example/p;token', blocked)).toBe('https://shop.example/p')
    expect(cleanUrl('https://shop.example/menu;lang=en/item;size=xl?q=1', blocked)).toBe('https://shop.example/menu;lang=en/item;size=xl?q=1')
  })

  test('credentials in a URL are removed', () => {
    expect(cleanUrl('https://user:pa55@a.example/p?q=1', blocked)).toBe('https://a.example/p?q=1')
  })

  test('a string that is not a URL loses its query and fragment', () => {
    expect(cleanUrl('not a url?email=a@b.c#x', blocked)).toBe('not a url')
  })
})

describe('the page context', () => {
  beforeEach(() => history.replaceState(null, '', '/'))
  // What track() snapshots: the URL and title at the call, and the referrer.
  const here = (referrer: string, blocked: ReadonlySet<string>, hashRouting: boolean) => readPage(location.href, document.title, referrer, blocked, hashRouting)

  test('in a hash-routed app the path is the route, so path rules match it', () => {
    history.replaceState(null, '', '/#/pricing?plan=team')
    expect(here('', blocked, true).path).toBe('/pricing')
    expect(here('', blocked, false).path).toBe('/')
  })

  test('a session id in a path parameter is in none of url, path and referrer', () => {
    history.replaceState(null, '', '/cart;jsessionid=ABC123?x=1')
    const page = here('https://shop.example/list;jsessionid=ABC123', blocked, false)
    expect(page).toMatchObject({ url: `${location.origin}/cart?x=1`, path: '/cart', referrer: 'https://shop.example/list' })
  })

  test('the referrer is cleaned like the URL', () => {
    expect(here('https://mail.example/?email=a%40b.c#inbox', blocked, false).referrer).toBe('https://mail.example/')
  })

  test('a new stripParams list applies to the same page (after shutdown and init again)', () => {
    history.replaceState(null, '', '/p?promo=abc')
    expect(here('', blockedParams([]), false).url).toContain('promo=abc')
    expect(here('', blockedParams(['promo']), false).url).not.toContain('promo')
  })

  test('a title change on the same URL is seen', () => {
    document.title = 'One'
    expect(here('', blocked, false).title).toBe('One')
    document.title = 'Two'
    expect(here('', blocked, false).title).toBe('Two')
  })
})
