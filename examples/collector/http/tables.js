// @ts-check
/**
 * The map's figures as flat tables, for /api/journey.csv?table=NAME: one row per
 * phase, channel, campaign, currency, trend bucket, histogram bucket or drop-off path.
 */
import { figureTables } from './csv.js'

/**
 * Every table of a map, by name. Lists of rows the store adds later appear too (figureTables).
 * @example
 * Object.keys(mapTables(figures)) // ['totals', 'phases', 'friction', 'channels', …, 'trend', 'timeToGoal', 'revenue', 'dropOffs']
 * @param {import('../stores/store.js').JourneyFigures} figures
 * @returns {Record<string, Record<string, unknown>[]>}
 */
export function mapTables(figures) {
  const tables = figureTables(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (figures)))
  const names = figures.phases.map((p) => p.name)
  tables.trend = figures.trend.buckets.map((b) => ({ [figures.trend.unit]: b.start, ...Object.fromEntries(names.map((n, i) => [n, b.phases[i] ?? 0])) }))
  const bounds = figures.goal.timeToGoal.histogram
  tables.timeToGoal = bounds.map((h, i) => ({ fromMs: i ? bounds[i - 1]?.upToMs : 0, upToMs: h.upToMs, visitors: h.visitors }))
  tables.revenue = [
    ...figures.goal.revenue.map((r) => ({ by: 'all', name: '', ...r })),
    ...figures.phases.flatMap((p) => p.revenue.map((r) => ({ by: 'phase', name: p.name, ...r }))),
    ...figures.channels.flatMap((c) => c.revenue.map((r) => ({ by: 'channel', name: c.channel, ...r }))),
    ...figures.campaigns.flatMap((c) => c.revenue.map((r) => ({ by: 'campaign', name: c.campaign, ...r }))),
  ]
  tables.dropOffs = figures.dropOffs.flatMap((d) => d.paths.map((p) => ({ phase: d.phase, stopped: d.visitors, path: p.steps.join(' → '), visitors: p.visitors })))
  tables.touchpoints = figures.phases.flatMap((p) => p.touchpoints.map((t) => ({ phase: p.name, ...t })))
  return tables
}
