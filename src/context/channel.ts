/**
 * Classifies where a visit came from into a marketing channel, from UTM
 * parameters first (the marketer's explicit word), then ad click ids, then the
 * referrer host. Names follow common analytics "default channel groups".
 */
import type { Campaign } from '../contract/event'
import { LIMITS } from '../contract/limits'
import { quiet } from '../log'

/**
 * The channel names journeytag assigns; usable in rules as `when.channel`. `internal` (a referrer from your own
 * site) classifies an arrival only: a session never takes it (a new session started from your own page is `direct`),
 * so no event or rule sees it.
 */
export type Channel =
  | 'direct' | 'internal' | 'organic_search' | 'paid_search' | 'social' | 'paid_social'
  | 'email' | 'referral' | 'display' | 'affiliate'

// Anchored to the engines' own hosts: accounts.google.com (sign-in) or docs.google.com are not searches.
const SEARCH = /^(www\.|search\.|m\.|[a-z]{2}\.search\.)?(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|naver|brave|startpage)(\.[a-z]{2,3}){1,2}$|^com\.google\.android\.googlequicksearchbox$/
const SOCIAL = /(^|\.)(facebook|fb|instagram|twitter|x|t|linkedin|lnkd|reddit|pinterest|youtube|tiktok|threads|mastodon|bsky|quora|tumblr|vk)\.(com|co|in|net|app|social|org)$/
const WEBMAIL = /^(mail\.google\.com|outlook\.(live|office)\.com|mail\.yahoo\.com)$/

function hostChannel(host: string): Channel {
  // Webmail first: mail.google.com and mail.yahoo.com would otherwise look like search engines.
  if (WEBMAIL.test(host)) return 'email'
  if (SEARCH.test(host)) return 'organic_search'
  if (SOCIAL.test(host)) return 'social'
  return 'referral'
}

/** A source as a host (`facebook` → facebook.com) for the host patterns. */
const sourceHost = (source: string) => (source.includes('.') ? source : `${source}.com`)
// Meta's own source names (utm_source=ig, ig_story, fb_feed…), which are not hosts.
const socialSource = (source: string) => SOCIAL.test(sourceHost(source)) || /^(ig|fb|igshopping|meta)([-_].*)?$/.test(source)

function mediumChannel(medium: string, source: string): Channel | undefined {
  // "paid_social", or a paid medium from a social network's source, is paid social; other paid media are paid search.
  const social = socialSource(source) || medium.includes('social')
  if (/^(cpc|ppc|paid|sem|cpv|cpa|paid[-_ ]?.*)$/.test(medium)) return social ? 'paid_social' : 'paid_search'
  if (/^(display|banner|cpm|expandable|interstitial)$/.test(medium)) return 'display'
  if (/^(e[-_ ]?mail|newsletter)$/.test(medium)) return 'email'
  if (/^affiliates?$/.test(medium)) return 'affiliate'
  if (/^(social|social[-_ ]?(network|media)|sm)$/.test(medium)) return 'social'
  if (medium == 'organic') return 'organic_search'
  if (medium == 'referral') return 'referral'
  return undefined
}

/**
 * Reads utm_* parameters into a campaign, or undefined when the URL has none.
 * Parameters in `blocked` (the stripParams option, lower case) are left out, as they are from URLs.
 */
export function readCampaign(query: URLSearchParams, blocked: ReadonlySet<string> = new Set()): Campaign | undefined {
  const campaign: Campaign = {}
  // Cut to the schema's limit: a long utm_content must shorten the campaign, not make the event invalid.
  const read = (param: string) => (blocked.has(param) ? null : query.get(param)?.slice(0, LIMITS.campaign))
  for (const key of ['source', 'medium', 'term', 'content'] as const) {
    const value = read(`utm_${key}`)
    if (value) campaign[key] = value
  }
  const name = read('utm_campaign')
  if (name) campaign.name = name
  return Object.keys(campaign).length ? campaign : undefined
}

/**
 * The channel of a page load.
 * @example
 * classifyChannel(new URLSearchParams('utm_medium=cpc&utm_source=google'), '', 'shop.example') // 'paid_search'
 */
export function classifyChannel(query: URLSearchParams, referrer: string, ownHost: string): Channel {
  const campaign = readCampaign(query)
  const source = (campaign?.source ?? '').toLowerCase()
  const fromMedium = campaign?.medium && mediumChannel(campaign.medium.toLowerCase(), source)
  if (fromMedium) return fromMedium
  if (query.has('gclid') || query.has('msclkid') || query.has('gbraid') || query.has('wbraid')) return 'paid_search'
  const fromSource = source && (socialSource(source) ? 'social' : hostChannel(sourceHost(source)))
  // A source we cannot place (utm_source=spring_sale) says less than the referrer does (l.facebook.com).
  if (fromSource && fromSource != 'referral') return fromSource
  const host = hostOf(referrer)
  if (host && host != ownHost) return hostChannel(host)
  return fromSource || (host ? 'internal' : 'direct')
}

/** The host name of a URL, or '' when there is none or it does not parse. */
export const hostOf = (href: string): string => (href && quiet(() => new URL(href).hostname)) || ''
