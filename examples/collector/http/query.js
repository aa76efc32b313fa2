// @ts-check
/**
 * What a map or API request asks for, read once from the query string: the time
 * range (a preset like `range=7d`, or `from`/`to`), the filters, up to two
 * segments to compare, the goal, whether bots count, and one visitor.
 */

/** Preset ranges offered on the map, in milliseconds (`all` is everything). */
export const PRESETS = /** @type {const} */ ({ '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, all: Infinity })
/** The range shown when none is asked for. */
export const DEFAULT_PRESET = '30d'
/** Filters a request may set, each one query parameter; `prop` is `name:value`. */
export const FILTER_KEYS = /** @type {const} */ (['channel', 'campaign', 'firstChannel', 'prop', 'type'])

/**
 * @typedef {object} Filters
 * @property {string} [channel] visitors with a touchpoint on this channel in the range
 * @property {string} [campaign] visitors with a touchpoint of this utm campaign name in the range
 * @property {string} [firstChannel] visitors whose first touchpoint came from this channel
 * @property {{ name: string, value: string }} [property] visitors with a touchpoint whose property `name` equals `value`
 * @property {string} [type] visitors with a touchpoint of this type in the range (`form_abandon`)
 */

/**
 * @typedef {object} MapRequest
 * @property {number} from inclusive, ms since epoch
 * @property {number} to exclusive, ms since epoch
 * @property {string} preset a PRESETS key, or 'custom' for from/to
 * @property {Filters} filters
 * @property {{ label: string, filters: Filters }[]} segments none, or two to show side by side
 * @property {string[] | undefined} goal touchpoint types asked for instead of the configured goal
 * @property {boolean} includeBots
 * @property {string} [visitor] an anonymousId or a userId
 */

/** @param {string} value @returns {number} */
function parseTime(value) {
  // Whole numbers are epoch milliseconds; anything else goes through Date (ISO 8601 with Z or an offset, `2025-05-01`, datetime-local).
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value)
}

/**
 * Reads `range`, `from`, `to` and `visitor`. `from`/`to` win over `range`; `to` defaults to now.
 * @example
 * parseRange(new URLSearchParams('range=24h'), Date.now()) // { from: now - 86400000, to: now + 1, preset: '24h' }
 * @param {URLSearchParams} query
 * @param {number} now
 * @returns {{ from: number, to: number, preset: string, visitor?: string } | { error: string }}
 */
export function parseRange(query, now) {
  const end = now + 1 // `to` is exclusive: include events stamped this very millisecond
  const visitor = query.get('visitor')?.trim() || undefined
  const fromText = query.get('from')?.trim()
  const toText = query.get('to')?.trim()
  if (fromText || toText) {
    const from = fromText ? parseTime(fromText) : 0
    const to = toText ? parseTime(toText) : end
    if (Number.isNaN(from)) return { error: `from: expected a date (ISO 8601) or epoch milliseconds, got "${fromText}"` }
    if (Number.isNaN(to)) return { error: `to: expected a date (ISO 8601) or epoch milliseconds, got "${toText}"` }
    if (to <= from) return { error: 'to: must be after from' }
    return { from, to, preset: 'custom', ...(visitor ? { visitor } : {}) }
  }
  const preset = query.get('range') || DEFAULT_PRESET
  if (preset === 'custom') return { error: 'from: a custom range needs a start date (or pick a preset range)' }
  if (!(preset in PRESETS)) return { error: `range: expected one of ${Object.keys(PRESETS).join(', ')}, got "${preset}"` }
  const span = PRESETS[/** @type {keyof typeof PRESETS} */ (preset)]
  return { from: span === Infinity ? 0 : now - span, to: end, preset, ...(visitor ? { visitor } : {}) }
}

/**
 * One `key:value` condition (a filter or a segment) into filters; `prop:name:value` for a property.
 * @param {string} key
 * @param {string} value
 * @param {Filters} into
 * @returns {string | undefined} an error
 */
function addFilter(key, value, into) {
  if (key === 'prop') {
    const at = value.indexOf(':')
    if (at < 1) return `prop: expected name:value, got "${value}"`
    into.property = { name: value.slice(0, at), value: value.slice(at + 1) }
  } else if (key === 'channel' || key === 'campaign' || key === 'firstChannel' || key === 'type') into[key] = value
  else return `segment: expected channel, campaign, firstChannel, type or prop, got "${key}"`
  return undefined
}

/**
 * Reads a whole map request. Segments are `segment=key:value`, given twice
 * (`segment=firstChannel:paid_social&segment=firstChannel:organic_search`); each adds its
 * condition to the shared filters. `includeBots=1` counts bot traffic; `goal=a,b` overrides the goal.
 * @example
 * parseMapRequest(new URLSearchParams('range=7d&channel=email&prop=plan:yearly'), Date.now())
 * @param {URLSearchParams} query
 * @param {number} now
 * @returns {MapRequest | { error: string }}
 */
export function parseMapRequest(query, now) {
  const range = parseRange(query, now)
  if ('error' in range) return range
  /** @type {Filters} */
  const filters = {}
  for (const key of FILTER_KEYS) {
    const value = query.get(key)?.trim()
    if (!value) continue
    const error = addFilter(key, value, filters)
    if (error) return { error }
  }
  const specs = query.getAll('segment').map((s) => s.trim()).filter(Boolean)
  if (specs.length && specs.length !== 2) return { error: `segment: give exactly two to compare, got ${specs.length}` }
  const segments = []
  for (const spec of specs) {
    const at = spec.indexOf(':')
    if (at < 1 || at === spec.length - 1) return { error: `segment: expected key:value (e.g. firstChannel:email), got "${spec}"` }
    const own = { ...filters }
    const error = addFilter(spec.slice(0, at), spec.slice(at + 1), own)
    if (error) return { error }
    segments.push({ label: spec, filters: own })
  }
  const goalText = query.get('goal')?.trim()
  const goal = goalText ? goalText.split(',').map((s) => s.trim()).filter(Boolean) : undefined
  const bots = query.get('includeBots')
  return { ...range, filters, segments, goal: goal?.length ? goal : undefined, includeBots: bots === '1' || bots === 'true' }
}

/**
 * The query string that asks for `request` again (links, exports), with `changes` on top;
 * a change set to '' removes its parameter.
 * @example
 * queryString(request, { visitor: 'abc' }) // '?range=30d&visitor=abc'
 * @param {MapRequest} request
 * @param {Record<string, string>} [changes]
 */
export function queryString(request, changes = {}) {
  const q = new URLSearchParams(request.preset === 'custom' ? { from: new Date(request.from).toISOString(), to: new Date(request.to).toISOString() } : { range: request.preset })
  const { channel, campaign, firstChannel, property, type } = request.filters
  if (channel) q.set('channel', channel)
  if (campaign) q.set('campaign', campaign)
  if (firstChannel) q.set('firstChannel', firstChannel)
  if (property) q.set('prop', `${property.name}:${property.value}`)
  if (type) q.set('type', type)
  for (const s of request.segments) q.append('segment', s.label)
  if (request.goal) q.set('goal', request.goal.join(','))
  if (request.includeBots) q.set('includeBots', '1')
  if (request.visitor) q.set('visitor', request.visitor)
  for (const [key, value] of Object.entries(changes)) {
    q.delete(key)
    if (value) q.set(key, value)
  }
  const text = q.toString()
  return text ? `?${text}` : ''
}

/**
 * The cache key of a request: presets by name (their `to` is "now", which moves), custom ranges by their bounds.
 * @param {MapRequest} request
 */
export function cacheKey(request) {
  return queryString(request, { visitor: '' })
}
