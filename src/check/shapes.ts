/**
 * The browser's copies of the contract's shapes (src/contract/), written with the
 * compact validator. The conformance test (test/contract/) runs one corpus through
 * both and requires the same verdict and the same field paths.
 */
import { LIMITS, SCHEMA_VERSION } from '../contract/limits'
import { propertiesProblem } from '../contract/properties'
import { any, bool, either, fn, list, num, obj, oneOf, oneOrMany, record, refine, str, type Check } from './validate'

// zod's own patterns for the same formats (zod's uuid(); iso.datetime({ offset: true }) with a calendar check).
const UUID = /^([\da-fA-F]{8}-[\da-fA-F]{4}-[1-8][\da-fA-F]{3}-[89abAB][\da-fA-F]{3}-[\da-fA-F]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/
const DATETIME = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/
const isDatetime = (v: string) => {
  const m = DATETIME.exec(v)
  if (!m) return 'expected an ISO 8601 date-time'
  const date = new Date(0)
  date.setUTCFullYear(+m[1]!, +m[2]! - 1, +m[3]!)
  return date.getUTCMonth() == +m[2]! - 1 && date.getUTCDate() == +m[3]! ? '' : 'expected an ISO 8601 date-time'
}

const text = (max: number, min = 0) => str(min, max)
const strings = oneOrMany(str())
const positiveInt = num(1, 0, Infinity, 1)
const count = num(1, 0)
const range = either(num(), obj({ min: num(), max: num() }))

/** The rules document (shape only: `parseRules` adds that every phase is declared). */
export const rulesShape: Check = obj(
  {
    $schema: str(),
    phases: list(str(1), 1),
    rules: list(
      obj(
        {
          name: str(),
          phase: str(1),
          when: obj(
            {
              type: strings,
              path: strings,
              query: record(either(bool, strings)),
              channel: strings,
              referrer: strings,
              selector: str(1),
              properties: record(oneOrMany(either(str(), num(), bool, oneOf(null)))),
              visitor: obj({ purchases: range, sessions: range, reached: strings, firstChannel: strings, identified: bool }),
            }),
        },
        'phase when',
      ),
    ),
    fallback: str(1),
  },
  'rules',
)

/** init() options. */
export const optionsShape: Check = obj(
  {
    endpoint: str(1),
    rules: either(str(1), (v, path, issues) => (typeof v == 'object' && v) || issues.push([path, 'expected a rules document or URL', 1])),
    headers: record(str()),
    format: oneOf('native', 'segment'),
    transport: fn,
    batchSize: num(1, 0, 1000, 1),
    flushInterval: positiveInt,
    maxQueueSize: positiveInt,
    maxEventAge: positiveInt,
    compress: bool,
    timeout: positiveInt,
    retry: obj({ limit: count, statusCodes: list(count), afterStatusCodes: list(count), delay: count, backoffLimit: count }),
    autoPageviews: bool,
    hashRouting: bool,
    plugins: list(fn),
    beforeSend: fn,
    stripParams: list(str()),
    requireConsent: bool,
    respectDoNotTrack: bool,
    respectGlobalPrivacyControl: bool,
    identityStorage: oneOf('localStorage', 'cookie', 'none'),
    sessionTimeout: positiveInt,
    debug: bool,
})

/** purchase() input; extra fields are allowed (they become properties). */
export const orderShape: Check = obj(
  {
    orderId: str(1, 128),
    value: num(0, 0),
    currency: str(0, Infinity, /^[A-Za-z]{3}$/, 'a 3-letter currency code'),
    items: list(obj({ id: str(1), name: str(), price: num(), quantity: positiveInt }, 'id', false)),
  },
  'orderId value currency',
  false,
)

/** One touchpoint event (what a beforeSend hook returns is checked against it). */
export const eventShape: Check = obj(
  {
    id: str(0, Infinity, UUID, 'a UUID'),
    type: text(LIMITS.type, 1),
    phase: text(LIMITS.phase, 1),
    anonymousId: text(LIMITS.id, 1),
    userId: text(LIMITS.userId, 1),
    sessionId: text(LIMITS.id, 1),
    timestamp: refine(str(), isDatetime),
    page: obj({ url: text(LIMITS.url), path: text(LIMITS.path), title: text(LIMITS.title), referrer: text(LIMITS.url) }, 'url path title referrer'),
    channel: text(LIMITS.channel),
    campaign: obj({ source: text(LIMITS.campaign), medium: text(LIMITS.campaign), name: text(LIMITS.campaign), term: text(LIMITS.campaign), content: text(LIMITS.campaign) }),
    properties: refine(record(any), propertiesProblem),
  },
  'id type phase anonymousId sessionId timestamp page channel properties',
)

/** The batch envelope (collectors use zod; this copy exists for the conformance test). */
export const batchShape: Check = obj({ schemaVersion: oneOf(SCHEMA_VERSION), sentAt: refine(str(), isDatetime), events: list(eventShape, 1) }, 'schemaVersion sentAt events')
