import { describe, expect, test } from 'vitest'
import { isNewPage, pageKey } from '../../src/capture/page-key'

const u = (path: string) => new URL(path, 'https://shop.example')

describe('what counts as another page', () => {
  test('a hash is a route only with hashRouting and only when it starts with #/ or #!/', () => {
    expect(pageKey(u('/app#/settings'), true)).toBe('/app#/settings')
    expect(pageKey(u('/app#!/settings'), true)).toBe('/app#!/settings')
    expect(pageKey(u('/docs#faq'), true)).toBe('/docs')
    expect(pageKey(u('/app#/settings'), false)).toBe('/app')
  })

  test("the query never enters the key (it may carry personal data), a hash route's query neither", () => {
    expect(pageKey(u('/reset?email=a@b.c'), false)).toBe('/reset')
    expect(pageKey(u('/app#/account/verify?email=jane%40example.com&token=s3cr3t'), true)).toBe('/app#/account/verify')
  })

  test("with hashRouting, a route's query changes the page as a query does: through a navigation, not replaceState alone", () => {
    expect(isNewPage(u('/app#/products?sort=asc'), u('/app#/products?sort=desc'), true, true)).toBe(false)
    expect(isNewPage(u('/app#/search?q=mugs'), u('/app#/search?q=cups'), true, false)).toBe(true)
    expect(isNewPage(u('/app#/products?sort=asc'), u('/app#/cart'), true, true)).toBe(true)
  })

  test('a query change is a new page through a navigation, not through replaceState alone', () => {
    expect(isNewPage(u('/s?q=1'), u('/s?q=2'), false, false)).toBe(true)
    expect(isNewPage(u('/s?q=1'), u('/s?q=2'), false, true)).toBe(false)
    expect(isNewPage(u('/a'), u('/b'), false, true)).toBe(true)
    expect(isNewPage(u('/a'), u('/a#faq'), true, false)).toBe(false)
  })
})
