/**
 * The browser's copies of the contract's shapes (src/contract/), written with the
 * compact validator. The conformance test (test/contract/) runs one corpus through
 * both and requires the same verdict and the same field paths.
 */
import { LIMITS, SCHEMA_VERSION } from '../contract/limits'
import { propertiesProblem } from '../contract/properties'
import { any, bool, either, fn, list, num, obj, oneOf, oneOrMany, record, refine, str, type Check } from './validate'

// zod's own patterns for the same formats (zod's uuid(); iso.datetime({ offset: true })).
const UUID = /^([\da-fA-F]{8}-[\da-fA-F]{4}-[1-8][\da-fA-F]{3}-[89abAB][\da-fA-F]{3}-[\da-fA-F]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/
const DATETIME = /^\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/
// zod also refuses a date that does not exist (31 February): a browser either rolls it over into the next month or finds it invalid (JSON null).
const datetime = refine(str(), (v: string) =>
  DATETIME.test(v) && `${new Date(v.slice(0, 10)).toJSON()}`.startsWith(v.slice(0, 10)) ? '' : 'expected an ISO 8601 date-time',
)

const string = str()
const nonEmpty = str(1)
const strings = oneOrMany(string)
const positiveInt = num(1, 1)
const count = num(1, 0)
const range = either(num(), obj({ min: num(), max: num() }))

/** The rules document (shape only: `parseRules` adds that every phase is declared). */
export const rulesShape: Check = obj(
  {
    $schema: string,
    phases: list(nonEmpty, 1),
    rules: list(
      obj(
        {
          name: string,
          phase: nonEmpty,
          when: obj({
            type: strings,
            path: strings,
            query: record(either(bool, strings)),
            channel: strings,
            referrer: strings,
            selector: nonEmpty,
            properties: record(oneOrMany(either(string, num(), bool, oneOf(null)))),
            visitor: obj({ purchases: range, sessions: range, reached: strings, firstChannel: strings, identified: bool }),
          }),
        },
        '-name',
      ),
    ),
    fallback: nonEmpty,
  },
  'rules',
)

/** init() options. */
export const optionsShape: Check = obj({
  endpoint: nonEmpty,
  rules: either(nonEmpty, refine(any, (v) => (typeof v == 'object' && v ? '' : 'expected a rules document or URL'))),
  // A value fetch takes: a ByteString (no character past U+00FF) without CR, LF or NUL; any other makes every send throw.
  headers: record(refine(string, (v) => (/^[^\0\n\r\u0100-\uffff]*$/.test(v) ? '' : 'not a valid header value'))),
  format: oneOf('native', 'segment'),
  transport: fn,
  batchSize: num(1, 1, 1000),
  flushInterval: positiveInt,
  maxQueueSize: positiveInt,
  maxEventAge: positiveInt,
  compress: bool,
  storageWorker: bool,
  timeout: positiveInt,
  retry: obj({ limit: count, statusCodes: list(count), afterStatusCodes: list(count), delay: count, backoffLimit: count }),
  autoPageviews: bool,
  hashRouting: bool,
  plugins: list(fn),
  beforeSend: fn,
  stripParams: list(string),
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
    currency: refine(string, (v: string) => (/^[A-Za-z]{3}$/.test(v) ? '' : 'expected a 3-letter currency code')),
    items: list(obj({ id: nonEmpty, name: string, price: num(), quantity: positiveInt }, 'id', any)),
  },
  '-items',
  any,
)

const id = str(1, LIMITS.id)
const url = str(0, LIMITS.url)
const campaign = str(0, LIMITS.campaign)
const campaignShape = obj({ source: campaign, medium: campaign, name: campaign, term: campaign, content: campaign })
const channel = str(0, LIMITS.channel)

/** The stored session (src/context/session.ts), as far as its fields reach events: a damaged one is replaced. */
export const sessionShape: Check = obj({ id, lastActivityAt: num(), channel, campaign: campaignShape }, 'id lastActivityAt channel', any)

/** One touchpoint event (what a beforeSend hook returns is checked against it). */
export const eventShape: Check = obj(
  {
    id: refine(string, (v: string) => (UUID.test(v) ? '' : 'expected a UUID')),
    type: str(1, LIMITS.type),
    phase: str(1, LIMITS.phase),
    anonymousId: id,
    userId: str(1, LIMITS.userId),
    sessionId: id,
    timestamp: datetime,
    page: obj({ url, path: str(0, LIMITS.path), title: str(0, LIMITS.title), referrer: url }, '-'),
    channel,
    campaign: campaignShape,
    properties: refine(record(any), propertiesProblem),
  },
  '-userId campaign',
)

/** The batch envelope (collectors use zod; this copy exists for the conformance test). */
// Marked pure so bundles that never use it (the browser's) drop it.
export const batchShape: Check = /* @__PURE__ */ obj(
  { schemaVersion: /* @__PURE__ */ oneOf(SCHEMA_VERSION), sentAt: datetime, events: /* @__PURE__ */ list(eventShape, 1) },
  'schemaVersion sentAt events',
)
