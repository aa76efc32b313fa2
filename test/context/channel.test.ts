import { describe, expect, test } from 'vitest'
import { classifyChannel, readCampaign } from '../../src/context/channel'

const channel = (query: string, referrer = '', host = 'shop.example') => classifyChannel(new URLSearchParams(query), referrer, host)

describe('channels', () => {
  test.each([
    ['utm_medium=cpc&utm_source=google', 'paid_search'],
    ['utm_medium=cpc&utm_source=facebook', 'paid_social'],
    ['utm_medium=paid_social&utm_source=partner', 'paid_social'],
    ['utm_medium=paidsocial&utm_source=fb', 'paid_social'],
    ['utm_medium=email&utm_source=newsletter', 'email'],
    ['utm_medium=display', 'display'],
    ['utm_medium=affiliate', 'affiliate'],
    ['utm_medium=social&utm_source=linkedin', 'social'],
    ['gclid=abc', 'paid_search'],
    ['utm_source=twitter', 'social'],
    ['utm_source=bing', 'organic_search'],
    ['utm_medium=paid&utm_source=ig', 'paid_social'], // Meta's automatic source names
    ['utm_medium=cpc&utm_source=ig_story', 'paid_social'],
    ['utm_source=fb_feed', 'social'],
    ['utm_source=spring_sale', 'referral'], // a source we cannot place, and no referrer
  ])('from the URL %s → %s', (query, expected) => {
    expect(channel(query)).toBe(expected)
  })

  test.each([
    ['', 'direct'],
    ['https://www.google.com/', 'organic_search'],
    ['https://www.google.co.uk/', 'organic_search'],
    ['android-app://com.google.android.googlequicksearchbox/', 'organic_search'],
    ['https://duckduckgo.com/', 'organic_search'],
    ['https://mail.google.com/', 'email'],
    ['https://mail.yahoo.com/', 'email'],
    ['https://l.facebook.com/', 'social'],
    ['https://t.co/abc', 'social'],
    ['https://news.ycombinator.com/item?id=1', 'referral'],
    ['https://accounts.google.com/o/oauth2/auth', 'referral'], // signing in with Google is not a search
    ['https://docs.google.com/document/d/1', 'referral'],
    ['https://search.brave.com/search?q=mugs', 'organic_search'],
    ['https://uk.search.yahoo.com/', 'organic_search'],
    ['https://shop.example/pricing', 'internal'],
  ])('from the referrer %s → %s', (referrer, expected) => {
    expect(channel('', referrer)).toBe(expected)
  })

  test('a source we cannot place gives way to the referrer; a known source still wins over it', () => {
    expect(channel('utm_source=spring_sale', 'https://l.facebook.com/')).toBe('social')
    expect(channel('utm_source=spring_sale', 'https://www.google.com/')).toBe('organic_search')
    expect(channel('utm_source=spring_sale', 'https://shop.example/cart')).toBe('referral') // not internal: it was tagged
    expect(channel('utm_source=newsletter', 'https://l.facebook.com/')).toBe('social')
    expect(channel('utm_source=bing', 'https://l.facebook.com/')).toBe('organic_search')
  })

  test('a utm parameter listed in stripParams is left out of the campaign, as it is of the URL', () => {
    expect(readCampaign(new URLSearchParams('utm_source=g&utm_term=private+condition'), new Set(['utm_term']))).toEqual({ source: 'g' })
  })

  test('UTM parameters win over the referrer', () => {
    expect(channel('utm_medium=email', 'https://www.google.com/')).toBe('email')
  })

  test('the campaign is read from utm_* parameters', () => {
    expect(readCampaign(new URLSearchParams('utm_source=g&utm_medium=cpc&utm_campaign=winter&utm_term=mugs&utm_content=a&x=1'))).toEqual({
      source: 'g', medium: 'cpc', name: 'winter', term: 'mugs', content: 'a',
    })
    expect(readCampaign(new URLSearchParams('x=1'))).toBeUndefined()
  })

  test('a campaign value longer than the event schema allows is shortened, so the events stay valid', () => {
    const campaign = readCampaign(new URLSearchParams(`utm_source=g&utm_content=${'x'.repeat(3000)}`))
    expect(campaign?.content).toHaveLength(512)
    expect(campaign?.source).toBe('g')
  })
})
