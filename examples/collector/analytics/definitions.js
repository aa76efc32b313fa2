// @ts-check
/**
 * What every figure of the journey map means, written once: the page shows these
 * texts (tooltips and legend), the README repeats them, and the pure reference
 * (reference.js) and every store's SQL implement them.
 */

/** The journey phases, in order, when none are configured (the collector's `--phases` default). */
export const DEFAULT_PHASES = Object.freeze(['awareness', 'consideration', 'conversion', 'retention', 'advocacy'])

/** Touchpoint types that convert a visitor when no goal is configured. */
export const DEFAULT_GOAL = Object.freeze(['purchase', 'signup'])

/** Event types the SDK sends for its own bookkeeping: stored and used for identity, never shown as touchpoints. */
export const INTERNAL_TYPES = Object.freeze(['identify'])

/** Upper bounds (ms) of the duration histogram's buckets; the last bucket has none. */
export const HISTOGRAM_BOUNDS = Object.freeze([60_000, 600_000, 3_600_000, 86_400_000, 7 * 86_400_000])

/** Quantiles of a distribution, in percent. */
export const QUANTILES = Object.freeze([25, 50, 90])

/** Drop-off paths: how many last touchpoints make a path, and how many paths are shown per phase. */
export const PATH_STEPS = 3
export const PATHS_PER_PHASE = 5

/** How many recently seen visitors the map lists. */
export const LATEST_VISITORS = 8

/** The trend is per UTC day up to this range, per ISO week (Monday, UTC) beyond. */
export const TREND_DAILY_MAX_MS = 62 * 86_400_000

/** Plain-English definitions, keyed by the JSON field they explain. */
export const DEFINITIONS = Object.freeze({
  visitor:
    'A visitor is a person: every anonymousId the SDK linked to a userId with identify() (the first userId received for that anonymousId) counts as that user, so one person on two devices is one visitor. Without a userId, a visitor is an anonymousId.',
  touchpoint: 'A touchpoint is a recorded event in the selected range. The SDK\'s internal events (identify) are not touchpoints.',
  range: 'Only touchpoints inside the selected range count: a phase a visitor reached before the range is not reached in it.',
  bots: 'Touchpoints from known bot or headless-browser user agents are left out unless "include bots" is on.',
  segment:
    'Filters select visitors: a visitor is in the segment when at least one of their touchpoints in the range matches (channel, campaign, touchpoint type, a property value), or when their first touchpoint came from the chosen first channel. Then all their touchpoints in the range count.',
  goal: 'A visitor converted when they have a goal touchpoint (by default purchase or signup) in the range. Conversion rate = converted ÷ visitors.',
  reached: 'Visitors whose furthest phase (in journey order) is this phase or a later one, so the funnel never widens.',
  conversion: 'Reached in this phase as a % of reached in the previous phase.',
  visitors: 'Visitors with at least one touchpoint in this phase.',
  events: 'Touchpoints in this phase.',
  stopped: 'Visitors whose furthest phase is this one.',
  stoppedBeforeGoal: 'Visitors whose furthest phase is this one and who did not reach the goal: the leak. Customers who bought and did not come back are not leaks.',
  dropOffRate: 'Visitors who stopped here before the goal ÷ visitors who reached this phase. The highest is the biggest leak.',
  afterGoal: 'Converted visitors with a touchpoint in this phase after their first goal touchpoint: retention and advocacy are what customers do after converting.',
  touchpoints: 'Touchpoint types in this phase: how many times, and how many distinct visitors.',
  formAbandons: 'Visitors who started a form in this phase, abandoned one, and did not reach the goal. Abandon rate = those ÷ visitors who started a form here.',
  toNext:
    'Time from a visitor\'s first touchpoint in this phase to their first touchpoint in the next phase, over visitors who did both in that order. p25/p50/p90 by nearest rank; histogram buckets < 1 min, < 10 min, < 1 h, < 1 d, < 7 d, longer.',
  timeToGoal: 'Time from a converted visitor\'s first touchpoint in the range to their first goal touchpoint.',
  channels: 'Visitors by the channel of their first touchpoint in the range (any phase), with how many of them converted and their revenue.',
  campaigns: 'Visitors by the campaign name (utm_campaign) of their first touchpoint with a campaign in the range, with how many converted and their revenue.',
  revenue: 'Sum of properties.value of purchase touchpoints with a numeric value and a currency, per currency (rounded to cents; currencies are never added together). By phase: purchases in that phase; by channel or campaign: purchases of the visitors attributed to it.',
  trend: 'Visitors whose first touchpoint in each phase (within the range) fell in that UTC day, or ISO week (from Monday) when the range is longer than 62 days.',
  frictionByPhase: 'Friction touchpoints (form_abandon, form_error, rage_click, dead_click, error_page, js_error, slow_page) per phase and kind: how many, by how many visitors, and as a share of all touchpoints in that phase. Most visitors affected first; a kind links to the map of the visitors who hit it (type=<kind>).',
  dropOffs: 'For visitors who stopped in a phase before the goal: their last three touchpoints (type and page path), the most common sequences first.',
  otherPhases: 'Touchpoints in phases that are not in the phase list: counted in totals, in no column.',
  latest: 'The visitors seen most recently in the range, with their furthest phase.',
})

/**
 * The nearest-rank quantile of sorted values: the smallest value with at least p % of
 * the values at or below it (rank ⌈n·p/100⌉). Integer arithmetic, the same in every store's SQL.
 * @example
 * nearestRank([1, 2, 3, 4], 50) // 2
 * @param {readonly number[]} sorted ascending
 * @param {number} percent
 * @returns {number | null}
 */
export function nearestRank(sorted, percent) {
  if (!sorted.length) return null
  const rank = Math.floor((sorted.length * percent + 99) / 100)
  return /** @type {number} */ (sorted[rank - 1])
}

/**
 * The histogram bucket of a duration: how many bounds are at or below it.
 * @param {number} ms
 * @returns {number}
 */
export function histogramBucket(ms) {
  return HISTOGRAM_BOUNDS.filter((bound) => ms >= bound).length
}

/**
 * Start (ms, UTC) of the trend bucket of a time: its day, or the Monday of its week.
 * @param {number} time ms since epoch
 * @param {'day' | 'week'} unit
 * @returns {number}
 */
export function trendBucket(time, unit) {
  const day = Math.floor(time / 86_400_000)
  // 1970-01-05 (day 4) was a Monday.
  return (unit === 'day' ? day : Math.floor((day - 4) / 7) * 7 + 4) * 86_400_000
}

/**
 * The trend's unit for a range.
 * @param {{ from: number, to: number }} range
 * @returns {'day' | 'week'}
 */
export const trendUnit = ({ from, to }) => (to - from <= TREND_DAILY_MAX_MS ? 'day' : 'week')
