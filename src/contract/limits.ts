/**
 * The wire limits, shared by the zod contract and the browser's own checks, so
 * the SDK never queues what a collector's schema refuses. No zod here: the
 * browser bundle imports these numbers.
 */

/** The batch format version. Bumped only on a breaking change to the wire shape. */
export const SCHEMA_VERSION = 1

/**
 * The touchpoint kinds journeytag records itself: the core ones, then the friction and engagement captures';
 * any other non-empty name is a custom touchpoint.
 */
export const TOUCHPOINT_TYPES = [
  'page_view', 'form_start', 'form_submit', 'form_abandon', 'chat_open', 'purchase', 'identify',
  'rage_click', 'dead_click', 'form_error', 'error_page', 'js_error', 'slow_page', 'outbound_click', 'file_download', 'scroll_depth', 'engaged_time',
] as const

/** The five customer-journey phases, in journey order. Used when a rules document declares no `phases`. */
export const DEFAULT_PHASES = ['awareness', 'consideration', 'conversion', 'retention', 'advocacy']

/**
 * Longest string, in characters, of each capped event field. Ids stay well under
 * PostgreSQL's index-row limit; page fields cover real URLs and titles (the SDK
 * shortens longer ones rather than dropping the event).
 */
export const LIMITS = {
  type: 100,
  phase: 100,
  id: 128,
  userId: 256,
  url: 4096,
  path: 2048,
  title: 512,
  channel: 100,
  campaign: 512,
  key: 128,
  /** Nesting levels below `properties` (an object or array inside it is one level). */
  depth: 8,
  /** Serialized size of one event in bytes: a single event above it would block every batch it is in. */
  eventBytes: 32 * 1024,
} as const

/**
 * Whether a value is a string of 1 to `max` characters: what the schema takes as a type, an id or a user id.
 * @example
 * isNonEmptyString('signup', LIMITS.type) // true; '' and 101 characters are not
 */
export const isNonEmptyString = (value: unknown, max: number): value is string => typeof value == 'string' && !!value && value.length <= max
