/**
 * The conformance corpus: for each contract shape, hand-written edge cases
 * (each claiming its verdict) plus deterministic mutations of valid seeds.
 * Run through zod and the browser's validator by conformance.test.ts.
 */
import { LIMITS } from '../../src/contract/limits'
import { defaultRules } from '../../src/rules/defaults'
import scriptTagRules from '../../examples/script-tag/journey-rules.json'
import shopRules from '../../examples/shop/journey-rules.json'
import { clone, mutate, type Doc } from './mutations'

export type { Doc } from './mutations'

/** The five shapes both validators define. */
export type ShapeName = 'options' | 'rules' | 'order' | 'event' | 'batch'

const ok = (name: string, value: unknown): Doc => ({ name, value, valid: true })
const bad = (name: string, value: unknown): Doc => ({ name, value, valid: false })
/** A case whose right verdict is a question for the contract, not the corpus: only agreement is required. */
const either = (name: string, value: unknown): Doc => ({ name, value })

/** `base` with the value at a dotted path replaced (or removed, for `undefined`). */
function at(base: unknown, path: string, value: unknown): unknown {
  const doc = clone(base) as Record<string, any>
  const keys = path.split('.')
  let node = doc
  for (const key of keys.slice(0, -1)) node = node[key]
  if (value === undefined) delete node[keys[keys.length - 1]!]
  else node[keys[keys.length - 1]!] = value
  return doc
}

const chars = (n: number, c = 'a') => c.repeat(n)
/** `levels` objects nested below the top: `nest(1)` is `{ a: {} }`, the inner object at depth 1. */
function nest(levels: number, leaf: unknown = {}, array = false): Record<string, unknown> {
  let node: unknown = leaf
  for (let i = 0; i < levels; i++) node = array ? [node] : { a: node }
  return array ? { a: node } : (node as Record<string, unknown>)
}
const WRONG_TYPES: [string, unknown][] = [
  ['null', null],
  ['an array', []],
  ['a number', 1],
  ['a string', 'x'],
  ['true', true],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
]
const rootWrongTypes = () => WRONG_TYPES.map(([what, value]) => bad(`the document is ${what}`, value))

// ---------------------------------------------------------------- options
const send = async () => ({ status: 200 })
const plugin = () => () => {}
const keep = (event: unknown) => event

const allOptions = {
  endpoint: 'https://collect.example.com/collect',
  rules: '/journey-rules.json',
  headers: { 'x-write-key': 'k_123' },
  format: 'native',
  transport: send,
  batchSize: 50,
  flushInterval: 5000,
  maxQueueSize: 1000,
  maxEventAge: 604_800_000,
  compress: true,
  retry: { limit: 5, statusCodes: [408, 429], afterStatusCodes: [429, 503], delay: 1000, backoffLimit: 30_000 },
  autoPageviews: false,
  hashRouting: true,
  plugins: [plugin(), plugin()],
  beforeSend: keep,
  stripParams: ['gclid', 'fbclid'],
  requireConsent: true,
  respectDoNotTrack: true,
  respectGlobalPrivacyControl: false,
  identityStorage: 'cookie',
  sessionTimeout: 30,
  debug: true,
}
const endpoint = 'https://collect.example.com/collect'
const optionsSeeds: Doc[] = [
  ok('README: endpoint, retry and a rules object', { endpoint, rules: { rules: [{ phase: 'conversion', when: { type: 'purchase' } }] }, retry: { limit: 5, backoffLimit: 30_000 } }),
  ok('every option', allOptions),
]

const positiveIntFields = ['flushInterval', 'maxQueueSize', 'maxEventAge', 'sessionTimeout']
const boolFields = ['compress', 'autoPageviews', 'hashRouting', 'requireConsent', 'respectDoNotTrack', 'respectGlobalPrivacyControl', 'debug']
const optionsCases: Doc[] = [
  ok('no options', {}),
  ok('README: endpoint and the imported rules file', { endpoint, rules: shopRules }),
  ok('README: endpoint with headers', { endpoint, headers: { 'x-write-key': 'k_123' } }),
  ok('README: Segment format', { endpoint: 'https://api.segment.io/v1/batch', format: 'segment', headers: { authorization: 'Basic WU9VUl9XUklURV9LRVk6' } }),
  ok('README: custom transport', { endpoint: '/collect', transport: send }),
  ok('README: plugins', { endpoint, plugins: [plugin(), plugin(), plugin(), plugin()] }),
  ok('rules as a default rules object', { rules: defaultRules }),
  ok('rules as an array (the options only require an object)', { rules: [] }),
  ok('rules as an empty object', { rules: {} }),
  ok('empty headers', { headers: {} }),
  ok('a header with an empty name and value', { headers: { '': '' } }),
  ok('empty retry', { retry: {} }),
  ok('retry at zero', { retry: { limit: 0, statusCodes: [], afterStatusCodes: [0], delay: 0, backoffLimit: 0 } }),
  ok('batchSize at 1', { batchSize: 1 }),
  ok('batchSize at 1000', { batchSize: 1000 }),
  ok('flushInterval at the largest safe integer', { flushInterval: Number.MAX_SAFE_INTEGER }),
  ok('empty plugins and stripParams', { plugins: [], stripParams: [] }),
  ok('an empty param name to strip', { stripParams: [''] }),
  ...['localStorage', 'cookie', 'none'].map((v) => ok(`identityStorage ${v}`, { identityStorage: v })),
  ok('format native', { format: 'native' }),
  ...boolFields.map((key) => ok(`${key} false`, { [key]: false })),
  bad('batchSize 0', { batchSize: 0 }),
  bad('batchSize 1001', { batchSize: 1001 }),
  bad('batchSize 1.5', { batchSize: 1.5 }),
  bad('batchSize -0', { batchSize: -0 }),
  bad('batchSize as a string', { batchSize: '50' }),
  bad('batchSize NaN', { batchSize: Number.NaN }),
  bad('batchSize Infinity', { batchSize: Number.POSITIVE_INFINITY }),
  bad('flushInterval past the largest safe integer', { flushInterval: 2 ** 53 }),
  ...positiveIntFields.flatMap((key) => [bad(`${key} 0`, { [key]: 0 }), bad(`${key} 0.5`, { [key]: 0.5 }), bad(`${key} -1`, { [key]: -1 }), bad(`${key} null`, { [key]: null })]),
  ...boolFields.flatMap((key) => [bad(`${key} as "true"`, { [key]: 'true' }), bad(`${key} as 1`, { [key]: 1 })]),
  bad('endpoint empty', { endpoint: '' }),
  bad('endpoint a number', { endpoint: 5 }),
  bad('endpoint an array', { endpoint: [endpoint] }),
  bad('rules empty string', { rules: '' }),
  bad('rules a number', { rules: 5 }),
  bad('rules null', { rules: null }),
  bad('rules true', { rules: true }),
  bad('headers with a number value', { headers: { 'x-count': 1 } }),
  bad('headers with a null value', { headers: { a: 'x', b: null } }),
  ok('a header value in Latin-1, with a tab and spaces', { headers: { 'x-k': ' café\tÿ ' } }),
  bad('a header value with a line break (header injection)', { headers: { 'x-k': 'a\r\nx-other: b' } }),
  bad('a header value with a LF', { headers: { 'x-k': 'a\nb' } }),
  bad('a header value with a NUL', { headers: { 'x-k': 'a\u0000b' } }),
  bad('a header value past U+00FF (not a ByteString)', { headers: { a: 'x', 'x-k': 'токен' } }),
  bad('a header value with an emoji (a surrogate pair)', { headers: { 'x-k': 'k\u{1F511}' } }),
  bad('headers an array', { headers: [['a', 'b']] }),
  bad('headers a string', { headers: 'x-write-key: k' }),
  bad('format unknown', { format: 'json' }),
  bad('format in capitals', { format: 'Native' }),
  bad('identityStorage sessionStorage', { identityStorage: 'sessionStorage' }),
  bad('transport a string', { transport: 'fetch' }),
  bad('transport null', { transport: null }),
  bad('beforeSend an object', { beforeSend: {} }),
  bad('plugins a function, not a list', { plugins: plugin() }),
  bad('plugins with a name in them', { plugins: [plugin(), 'forms'] }),
  bad('plugins with null', { plugins: [null] }),
  bad('stripParams a string', { stripParams: 'gclid' }),
  bad('stripParams with a number', { stripParams: ['gclid', 1] }),
  // eslint-disable-next-line no-sparse-arrays
  bad('stripParams with a hole (a doubled comma)', { stripParams: ['invite', , 'ref'] }),
  bad('retry an array', { retry: [] }),
  bad('retry null', { retry: null }),
  bad('retry limit negative', { retry: { limit: -1 } }),
  bad('retry delay fractional', { retry: { delay: 0.5 } }),
  bad('retry status code as a string', { retry: { statusCodes: [408, '429'] } }),
  bad('retry afterStatusCodes not a list', { retry: { afterStatusCodes: 429 } }),
  bad('retry with an unknown key', { retry: { limit: 1, jitter: true } }),
  bad('an unknown option', { endpoint, flushInterva: 1000 }),
  bad('an option in the wrong case', { Endpoint: endpoint }),
  bad('several unknown options', { a: 1, b: 2, c: 3 }),
  bad('several errors at once', { endpoint: '', batchSize: 0, format: 'xml', retry: { limit: 'x', extra: 1 }, plugins: [1], headers: { a: 2 }, foo: 1 }),
  bad('an own __proto__ option (JSON)', JSON.parse('{"__proto__": {"endpoint": "/x"}}')),
  either('an own __proto__ header with a number (JSON)', JSON.parse('{"headers": {"__proto__": 5}}')),
  ...rootWrongTypes(),
]

// ---------------------------------------------------------------- rules
const everyCondition = {
  $schema: '../../dist/rules.schema.json',
  phases: ['awareness', 'consideration', 'conversion'],
  rules: [
    {
      name: 'every condition',
      phase: 'conversion',
      when: {
        type: ['purchase', 'signup'],
        path: '/checkout/**',
        query: { utm_source: ['google', 'bing'], gclid: true, preview: false, ref: 'mail' },
        channel: 'paid_search',
        referrer: ['*.google.*'],
        selector: '#buy',
        properties: { plan: 'team', seats: 5, trial: false, coupon: null, tier: ['gold', 1, true, null] },
        visitor: { purchases: { min: 1, max: 3 }, sessions: 2, reached: ['consideration'], firstChannel: 'email', identified: true },
      },
    },
  ],
  fallback: 'awareness',
}
const rule = (when: unknown, extra: Record<string, unknown> = {}) => ({ rules: [{ phase: 'consideration', when, ...extra }] })
const rulesSeeds: Doc[] = [ok('examples/script-tag/journey-rules.json', scriptTagRules), ok('every condition kind', everyCondition)]

const rulesCases: Doc[] = [
  ok('the default rules', defaultRules),
  ok('examples/shop/journey-rules.json', shopRules),
  ok('no rules', { rules: [] }),
  ok('one rule with no conditions', rule({})),
  ok('a rule with an empty name', rule({}, { name: '' })),
  ok('a phase not among the declared phases (checked by parseRules, not the shape)', { phases: ['a'], rules: [{ phase: 'b', when: {} }] }),
  ok('type as one string', rule({ type: 'purchase' })),
  ok('type as an empty list', rule({ type: [] })),
  ok('an empty path glob', rule({ path: '' })),
  ok('query booleans and strings', rule({ query: { utm_source: 'google', gclid: true, preview: false, utm_medium: ['cpc', 'ppc'], none: [] } })),
  ok('properties with every scalar and a list of them', rule({ properties: { plan: 'team', seats: 0, trial: true, coupon: null, tier: ['a', 1, false, null], empty: [] } })),
  ok('visitor counts as numbers, including fractions and negatives', rule({ visitor: { purchases: 0, sessions: -1.5 } })),
  ok('visitor counts as ranges', rule({ visitor: { purchases: { min: 1 }, sessions: { max: 3 } } })),
  ok('an empty range', rule({ visitor: { purchases: {} } })),
  ok('visitor reached and firstChannel, one and many', rule({ visitor: { reached: 'conversion', firstChannel: ['email', 'social'], identified: false } })),
  ok('200 rules', { rules: Array.from({ length: 200 }, (_, i) => ({ name: `r${i}`, phase: 'awareness', when: { path: `/p${i}/**` } })) }),
  ok('a long phase name (no cap on rules)', { rules: [{ phase: chars(5000), when: {} }] }),
  bad('rules missing', {}),
  bad('rules an object', { rules: {} }),
  bad('rules null', { rules: null }),
  bad('a rule that is null', { rules: [null] }),
  bad('a rule that is a string', { rules: ['consideration'] }),
  bad('a rule without phase', { rules: [{ when: {} }] }),
  bad('a rule without when', { rules: [{ phase: 'consideration' }] }),
  bad('a rule with an empty phase', { rules: [{ phase: '', when: {} }] }),
  bad('a rule whose phase is a number', { rules: [{ phase: 1, when: {} }] }),
  bad('a rule whose name is a number', rule({}, { name: 5 })),
  bad('when null', rule(null)),
  bad('when an array', rule([])),
  bad('phases empty', { phases: [], rules: [] }),
  bad('phases with an empty name', { phases: ['awareness', ''], rules: [] }),
  bad('phases a string', { phases: 'awareness', rules: [] }),
  bad('fallback empty', { rules: [], fallback: '' }),
  bad('fallback a number', { rules: [], fallback: 0 }),
  bad('$schema a number', { $schema: 7, rules: [] }),
  bad('type a number', rule({ type: 5 })),
  bad('type null', rule({ type: null })),
  bad('type a list with a number', rule({ type: ['purchase', 5] })),
  bad('type a nested list', rule({ type: [['purchase']] })),
  bad('path an object', rule({ path: { glob: '/x' } })),
  bad('query a list', rule({ query: ['gclid'] })),
  bad('query a string', rule({ query: 'gclid' })),
  bad('query value a number', rule({ query: { page: 2 } })),
  bad('query value null', rule({ query: { page: null } })),
  bad('query value a list of booleans', rule({ query: { gclid: [true] } })),
  bad('query value a list with a number', rule({ query: { page: ['1', 2] } })),
  bad('selector empty', rule({ selector: '' })),
  bad('selector a list', rule({ selector: ['#buy'] })),
  bad('properties value an object', rule({ properties: { plan: {} } })),
  bad('properties value a nested list', rule({ properties: { plan: [['a']] } })),
  bad('properties value a list with an object', rule({ properties: { plan: ['a', {}] } })),
  bad('properties value NaN', rule({ properties: { seats: Number.NaN } })),
  bad('properties value Infinity', rule({ properties: { seats: Number.NEGATIVE_INFINITY } })),
  bad('properties a list', rule({ properties: [] })),
  bad('visitor null', rule({ visitor: null })),
  bad('visitor purchases a string', rule({ visitor: { purchases: '1' } })),
  bad('visitor purchases null', rule({ visitor: { purchases: null } })),
  bad('visitor purchases a list', rule({ visitor: { purchases: [1, 2] } })),
  bad('visitor purchases NaN', rule({ visitor: { purchases: Number.NaN } })),
  bad('visitor range min a string', rule({ visitor: { purchases: { min: '1' } } })),
  bad('visitor range min Infinity', rule({ visitor: { sessions: { min: Number.POSITIVE_INFINITY } } })),
  bad('visitor range with an unknown key', rule({ visitor: { purchases: { min: 1, atLeast: 2 } } })),
  bad('visitor range with only an unknown key', rule({ visitor: { sessions: { from: 1 } } })),
  bad('visitor range: a wrong type and an unknown key', rule({ visitor: { purchases: { min: 'x', atLeast: 2 } } })),
  bad('visitor identified a string', rule({ visitor: { identified: 'yes' } })),
  bad('visitor reached a list with null', rule({ visitor: { reached: ['conversion', null] } })),
  bad('an unknown visitor condition', rule({ visitor: { returning: true } })),
  bad('an unknown condition', rule({ url: '/x' })),
  bad('an unknown rule key', rule({}, { priority: 1 })),
  bad('an unknown document key', { rules: [], version: 2 }),
  bad('an unknown key at every level', { x: 1, rules: [{ phase: 'a', y: 1, when: { z: 1, visitor: { w: 1 } } }] }),
  bad('several errors in several rules', {
    phases: [''],
    rules: [{ phase: 'a', when: { type: 1 } }, { phase: '', when: { query: { a: 1 }, visitor: { purchases: { min: 'x' } } } }, { when: {} }, 'x'],
    fallback: '',
    extra: true,
  }),
  bad('an own __proto__ condition (JSON)', JSON.parse('{"rules": [{"phase": "a", "when": {"__proto__": {"type": "x"}}}]}')),
  either('an own __proto__ query parameter with a number (JSON)', JSON.parse('{"rules": [{"phase": "a", "when": {"query": {"__proto__": 5}}}]}')),
  either('an own __proto__ property condition with an object (JSON)', JSON.parse('{"rules": [{"phase": "a", "when": {"properties": {"__proto__": {}}}}]}')),
  ...rootWrongTypes(),
]

// ---------------------------------------------------------------- order
const order = { orderId: 'A-1001', value: 49.9, currency: 'EUR', items: [{ id: 'mug-1', name: 'Mug', price: 24.95, quantity: 2 }] }
const orderSeeds: Doc[] = [ok('README order', order), ok('order without items', { orderId: 'B-7', value: 0, currency: 'usd' })]
const orderCases: Doc[] = [
  ok('README purchase()', { orderId: 'A-1001', value: 49.9, currency: 'EUR', items: [{ id: 'mug-1', quantity: 2 }] }),
  ok('value 0', at(order, 'value', 0)),
  ok('value -0', at(order, 'value', -0)),
  ok('a huge value', at(order, 'value', 1e300)),
  ok('lower-case currency', at(order, 'currency', 'eur')),
  ok('orderId at 128 characters', at(order, 'orderId', chars(128))),
  ok('orderId of one character', at(order, 'orderId', '7')),
  ok('no items', at(order, 'items', undefined)),
  ok('empty items', at(order, 'items', [])),
  // eslint-disable-next-line no-sparse-arrays
  bad('items with a hole', { ...order, items: [, { id: 'x' }] }),
  ok('an item with only an id', at(order, 'items', [{ id: 'x' }])),
  ok('an item with a negative fractional price', at(order, 'items', [{ id: 'x', price: -0.5 }])),
  ok('an item with an empty name', at(order, 'items', [{ id: 'x', name: '' }])),
  ok('an item quantity at the largest safe integer', at(order, 'items', [{ id: 'x', quantity: Number.MAX_SAFE_INTEGER }])),
  ok('extra order fields are kept', { ...order, coupon: 'SPRING', shipping: { method: 'post' }, tags: [1, null] }),
  ok('extra item fields are kept', at(order, 'items', [{ id: 'x', sku: 'S-1', variant: null }])),
  ok('GA4-style extra fields', { ...order, transaction_id: 'T1', tax: 1.2, affiliation: 'web' }),
  ok('an extra field with the wrong type is not checked', { ...order, discount: 'none' }),
  ok('an unknown __proto__ key (JSON)', JSON.parse('{"orderId": "A", "value": 1, "currency": "EUR", "__proto__": 5}')),
  ok('100 items', at(order, 'items', Array.from({ length: 100 }, (_, i) => ({ id: `sku-${i}`, quantity: i + 1 })))),
  ok('an orderId with emoji, 128 code units', at(order, 'orderId', chars(64, '🛒'))),
  bad('orderId at 129 characters', at(order, 'orderId', chars(129))),
  bad('orderId empty', at(order, 'orderId', '')),
  bad('orderId a number', at(order, 'orderId', 1001)),
  bad('orderId missing', at(order, 'orderId', undefined)),
  bad('value missing', at(order, 'value', undefined)),
  bad('value negative', at(order, 'value', -0.01)),
  bad('value as a string', at(order, 'value', '49.9')),
  bad('value NaN', at(order, 'value', Number.NaN)),
  bad('value Infinity', at(order, 'value', Number.POSITIVE_INFINITY)),
  bad('value null', at(order, 'value', null)),
  bad('currency missing', at(order, 'currency', undefined)),
  bad('currency of four letters', at(order, 'currency', 'EURO')),
  bad('currency with a digit', at(order, 'currency', 'E1R')),
  bad('currency empty', at(order, 'currency', '')),
  bad('currency with a trailing newline', at(order, 'currency', 'EUR\n')),
  bad('currency a number', at(order, 'currency', 978)),
  bad('items an object', at(order, 'items', { id: 'x' })),
  bad('items null', at(order, 'items', null)),
  bad('an item without id', at(order, 'items', [{ name: 'Mug' }])),
  bad('an item with an empty id', at(order, 'items', [{ id: '' }])),
  bad('an item that is a string', at(order, 'items', ['mug-1'])),
  bad('an item quantity 0', at(order, 'items', [{ id: 'x', quantity: 0 }])),
  bad('an item quantity 1.5', at(order, 'items', [{ id: 'x', quantity: 1.5 }])),
  bad('an item quantity past the largest safe integer', at(order, 'items', [{ id: 'x', quantity: 2 ** 53 }])),
  bad('an item quantity null', at(order, 'items', [{ id: 'x', quantity: null }])),
  bad('an item price as a string', at(order, 'items', [{ id: 'x', price: '5' }])),
  bad('an item name a number', at(order, 'items', [{ id: 'x', name: 5 }])),
  bad('several errors, in items too', { orderId: '', value: -1, currency: 'EURO', items: [{ quantity: 0 }, { id: 1, price: 'x' }, null] }),
  bad('nothing but extra fields', { total: 5 }),
  ...rootWrongTypes(),
]

// ---------------------------------------------------------------- event
const uuid = '3b241101-e2bb-4255-8caf-4136c566a962'
const event = {
  id: uuid,
  type: 'page_view',
  phase: 'awareness',
  anonymousId: '6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f',
  sessionId: '0b9a8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d',
  timestamp: '2026-03-01T10:00:00.000Z',
  page: { url: 'https://shop.example.com/pricing', path: '/pricing', title: 'Pricing', referrer: '' },
  channel: 'direct',
  properties: {},
}
const fullEvent = {
  ...event,
  type: 'purchase',
  phase: 'conversion',
  userId: 'user-42',
  timestamp: '2026-03-01T12:00:00+02:00',
  channel: 'paid_search',
  campaign: { source: 'google', medium: 'cpc', name: 'spring', term: 'mugs', content: 'ad-1' },
  properties: { orderId: 'A-1001', value: 49.9, items: [{ id: 'mug-1', quantity: 2 }], gift: false, note: null },
}
const eventSeeds: Doc[] = [ok('a page view', event), ok('a purchase with user and campaign', fullEvent)]

// [dotted path, LIMITS cap, minimum length]
const capped: [string, number, number][] = [
  ['type', LIMITS.type, 1],
  ['phase', LIMITS.phase, 1],
  ['anonymousId', LIMITS.id, 1],
  ['sessionId', LIMITS.id, 1],
  ['userId', LIMITS.userId, 1],
  ['page.url', LIMITS.url, 0],
  ['page.path', LIMITS.path, 0],
  ['page.title', LIMITS.title, 0],
  ['page.referrer', LIMITS.url, 0],
  ['channel', LIMITS.channel, 0],
  ...['source', 'medium', 'name', 'term', 'content'].map((key): [string, number, number] => [`campaign.${key}`, LIMITS.campaign, 0]),
]
const timestamps: [string, boolean][] = [
  ['2026-03-01T10:00:00Z', true],
  ['2026-03-01T10:00:00.000Z', true],
  ['2026-03-01T10:00:00.123456789Z', true],
  ['2026-03-01T10:00:00.1+02:00', true],
  ['2026-03-01T12:00:00+02:00', true],
  ['2026-03-01T04:30:00-05:30', true],
  ['2026-03-01T10:00:00+00:00', true],
  ['2026-03-01T10:00:00-00:00', true],
  ['2026-03-01T23:59:59+23:59', true],
  ['2024-02-29T10:00:00Z', true],
  ['2000-02-29T10:00:00Z', true],
  ['2026-12-31T23:59:59.999Z', true],
  ['0001-01-01T00:00:00Z', true],
  ['0000-02-29T00:00:00Z', true],
  ['1600-02-29T00:00:00Z', true],
  ['9999-12-31T23:59:59-23:59', true],
  ['2026-03-01T10:00:00.5-00:30', true],
  ['2023-02-29T10:00:00Z', false],
  ['1900-02-29T10:00:00Z', false],
  ['2100-02-29T10:00:00Z', false],
  ['2024-02-30T10:00:00Z', false],
  ['2026-04-31T10:00:00Z', false],
  ['2026-13-01T10:00:00Z', false],
  ['2026-00-10T10:00:00Z', false],
  ['2026-03-00T10:00:00Z', false],
  ['2026-03-01T24:00:00Z', false],
  ['2026-03-01T10:60:00Z', false],
  ['2026-03-01T10:00:60Z', false],
  ['2026-03-01T10:00:00', false],
  ['2026-03-01T10:00:00.000', false],
  ['2026-03-01T10:00Z', false],
  ['2026-03-01T10:00:00.Z', false],
  ['2026-03-01T10:00:00+02', false],
  ['2026-03-01T10:00:00+0200', false],
  ['2026-03-01T10:00:00+24:00', false],
  ['2026-03-01T10:00:00z', false],
  ['2026-03-01t10:00:00Z', false],
  ['2026-03-01 10:00:00Z', false],
  [' 2026-03-01T10:00:00Z', false],
  ['2026-03-01T10:00:00Z\n', false],
  ['2026-3-01T10:00:00Z', false],
  ['2026-03-01T1:00:00Z', false],
  ['2026-03-01', false],
  ['+002026-03-01T10:00:00Z', false],
  ['', false],
]
const uuids: [string, boolean | undefined][] = [
  [uuid, true],
  [uuid.toUpperCase(), true],
  ['00000000-0000-0000-0000-000000000000', true],
  ['ffffffff-ffff-ffff-ffff-ffffffffffff', true],
  ['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', undefined],
  ['Ffffffff-ffff-ffff-ffff-ffffffffffff', undefined],
  ['3B241101-E2BB-4255-BCAF-4136C566A962', true],
  [`${uuid}\n`, false],
  ['017f22e2-79b0-7cc3-98c4-dc0c0c07398f', true],
  ['3b241101-e2bb-1255-8caf-4136c566a962', true],
  ['3b241101-e2bb-0255-8caf-4136c566a962', false],
  ['3b241101-e2bb-9255-8caf-4136c566a962', false],
  ['3b241101-e2bb-4255-caf0-4136c566a962', false],
  ['3b241101-e2bb-4255-7caf-4136c566a962', false],
  ['3b241101e2bb42558caf4136c566a962', false],
  [`{${uuid}}`, false],
  [`${uuid} `, false],
  ['3b241101-e2bb-4255-8caf-4136c566a96g', false],
  ['not-a-uuid', false],
]
const props = (value: unknown) => at(event, 'properties', value)
/** `{ blob }` serializing to exactly `bytes` bytes of JSON, mostly in `c`: `{"blob":""}` is 11 of them. */
function blob(bytes: number, c = 'x') {
  const width = new TextEncoder().encode(c).length
  const n = Math.floor((bytes - 11) / width)
  return { blob: chars(n, c) + chars(bytes - 11 - n * width, 'x') }
}
const deep = nest(5000)

const eventCases: Doc[] = [
  ok('an event with a campaign of no fields', at(event, 'campaign', {})),
  ok('a custom touchpoint type', at(event, 'type', 'demo_requested')),
  ok('properties of every JSON kind', props({ s: 's', n: -1.5, b: true, z: null, a: [1, 'a', [], {}], o: { k: 'v' } })),
  ok('properties nested 8 levels', props(nest(8))),
  ok('properties nested 8 levels of arrays', props(nest(7, [], true))),
  ok('a scalar 9 levels down (only containers count)', props(nest(8, { a: 1 }))),
  ok('properties of exactly 32 KB', props(blob(LIMITS.eventBytes))),
  ok('properties of 32 KB in two-byte characters', props(blob(LIMITS.eventBytes, 'é'))),
  ok('properties of 32 KB in three-byte characters', props(blob(LIMITS.eventBytes, '€'))),
  ok('properties of 32 KB in four-byte characters', props(blob(LIMITS.eventBytes, '🛒'))),
  ok(`a property key of ${LIMITS.key} characters`, props({ [chars(LIMITS.key)]: 1 })),
  ok('properties with a NaN value (JSON makes it null)', props({ n: Number.NaN })),
  ...capped.flatMap(([path, cap, min]) => [
    ok(`${path} at ${cap} characters`, at(fullEvent, path, chars(cap))),
    bad(`${path} at ${cap + 1} characters`, at(fullEvent, path, chars(cap + 1))),
    min ? bad(`${path} empty`, at(fullEvent, path, '')) : ok(`${path} empty`, at(fullEvent, path, '')),
  ]),
  ...timestamps.map(([ts, valid]) => ({ name: `timestamp ${JSON.stringify(ts)}`, value: at(event, 'timestamp', ts), valid })),
  ...uuids.map(([id, valid]) => ({ name: `id ${id}`, value: at(event, 'id', id), valid })),
  ...['id', 'type', 'phase', 'anonymousId', 'sessionId', 'timestamp', 'page', 'channel', 'properties', 'page.url', 'page.referrer'].map((path) =>
    bad(`${path} missing`, at(event, path, undefined)),
  ),
  bad('properties nested 9 levels', props(nest(9))),
  bad('properties nested 9 levels of arrays', props(nest(8, [], true))),
  bad('properties nested 5000 levels', props(deep)),
  bad('properties over 32 KB', props(blob(LIMITS.eventBytes + 1))),
  bad('properties of 33 KB in two-byte characters', props(blob(LIMITS.eventBytes + 1024, 'é'))),
  bad('properties one byte over 32 KB in three-byte characters', props(blob(LIMITS.eventBytes + 1, '€'))),
  bad('properties one byte over 32 KB in four-byte characters', props(blob(LIMITS.eventBytes + 1, '🛒'))),
  bad(`a property key of ${LIMITS.key + 1} characters`, props({ [chars(LIMITS.key + 1)]: 1 })),
  bad(`a nested property key of ${LIMITS.key + 1} characters`, props({ a: [{ [chars(LIMITS.key + 1)]: 1 }] })),
  bad('properties null', props(null)),
  bad('properties a list', props([])),
  bad('properties a string', props('{}')),
  bad('userId null', at(event, 'userId', null)),
  bad('userId a number', at(event, 'userId', 42)),
  bad('campaign null', at(event, 'campaign', null)),
  bad('campaign a string', at(event, 'campaign', 'google')),
  bad('campaign source a number', at(event, 'campaign', { source: 1 })),
  bad('page an array', at(event, 'page', [])),
  bad('page url null', at(event, 'page.url', null)),
  bad('type a number', at(event, 'type', 1)),
  bad('timestamp a number (epoch ms)', at(event, 'timestamp', 1_772_359_200_000)),
  bad('id a number', at(event, 'id', 1)),
  bad('channel an array', at(event, 'channel', ['direct'])),
  bad('an unknown event field', { ...event, ip: '1.2.3.4' }),
  bad('an unknown page field', at(event, 'page', { ...event.page, hash: '#x' })),
  bad('an unknown campaign field', at(event, 'campaign', { source: 'g', gclid: 'abc' })),
  bad('an unknown key at every level', { ...event, a: 1, page: { ...event.page, b: 1 }, campaign: { c: 1 } }),
  bad('several errors at once', { ...event, id: 'x', type: '', timestamp: 'yesterday', page: { url: 1, path: '/', title: chars(513) }, channel: null, campaign: { source: [], x: 1 }, properties: nest(9), y: 2 }),
  either('an own __proto__ property over 32 KB (JSON)', props(JSON.parse(`{"__proto__": "${chars(LIMITS.eventBytes + 1)}"}`))),
  either('an own __proto__ property nested 9 levels (JSON)', props(JSON.parse(`{"__proto__": ${JSON.stringify(nest(8))}}`))),
  bad('an own __proto__ event field (JSON)', Object.assign(JSON.parse('{"__proto__": 1}'), event)),
  ...rootWrongTypes(),
]

// ---------------------------------------------------------------- batch
const batch = { schemaVersion: 1, sentAt: '2026-03-01T10:00:05.000Z', events: [event, fullEvent] }
const batchSeeds: Doc[] = [ok('a batch of two events', batch)]
const batchCases: Doc[] = [
  ok('a batch of one event', { ...batch, events: [event] }),
  ok('a batch of 100 events', { ...batch, events: Array.from({ length: 100 }, (_, i) => ({ ...event, type: `t${i}` })) }),
  ok('schemaVersion 1.0', { ...batch, schemaVersion: 1.0 }),
  ...timestamps.map(([ts, valid]) => ({ name: `sentAt ${JSON.stringify(ts)}`, value: { ...batch, sentAt: ts }, valid })),
  ...eventCases.filter((c) => c.name.startsWith('id ') || c.name.includes('characters') || c.name.includes('nested')).map((c) => ({ ...c, name: `events[1]: ${c.name}`, value: { ...batch, events: [event, c.value] } })),
  bad('schemaVersion 2', { ...batch, schemaVersion: 2 }),
  bad('schemaVersion 0', { ...batch, schemaVersion: 0 }),
  bad('schemaVersion "1"', { ...batch, schemaVersion: '1' }),
  bad('schemaVersion missing', at(batch, 'schemaVersion', undefined)),
  bad('sentAt missing', at(batch, 'sentAt', undefined)),
  bad('sentAt a number', { ...batch, sentAt: Date.parse(batch.sentAt) }),
  bad('events missing', at(batch, 'events', undefined)),
  bad('no events', { ...batch, events: [] }),
  bad('events an object', { ...batch, events: { 0: event } }),
  bad('an event that is null', { ...batch, events: [event, null] }),
  bad('an event that is an array', { ...batch, events: [[event]] }),
  bad('a Segment body sent to the native schema', { sentAt: batch.sentAt, batch: [event] }),
  bad('an unknown batch field', { ...batch, writeKey: 'k' }),
  bad('an unknown key in an event and its page', { ...batch, events: [{ ...event, x: 1, page: { ...event.page, y: 1 } }] }),
  bad('the same error in every event', { ...batch, events: [at(event, 'type', ''), at(event, 'type', ''), at(event, 'type', '')] }),
  bad('several errors at once', { schemaVersion: 2, sentAt: 'now', events: [{ ...event, id: 'x', page: null }, at(event, 'properties', nest(5000)), 1], extra: 1 }),
  ...rootWrongTypes(),
]

/**
 * The corpus: hand-written cases first, then every mutation of the valid seeds.
 * @example
 * for (const doc of corpus.rules) rulesDocumentSchema.safeParse(doc.value)
 */
export const corpus: Record<ShapeName, Doc[]> = {
  options: [...optionsSeeds, ...optionsCases, ...mutate(optionsSeeds, 40, 1)],
  rules: [...rulesSeeds, ...rulesCases, ...mutate(rulesSeeds, 40, 2)],
  order: [...orderSeeds, ...orderCases, ...mutate(orderSeeds, 40, 3)],
  event: [...eventSeeds, ...eventCases, ...mutate(eventSeeds, 40, 4)],
  batch: [...batchSeeds, ...batchCases, ...mutate(batchSeeds, 60, 5)],
}
