// @ts-check
/**
 * The columns every store keeps per event, derived once at ingest so the figures'
 * SQL reads plain columns (no JSON parsing per row in any engine).
 */
import { propertyPairs, revenueOf } from '../analytics/touchpoint.js'

/**
 * @typedef {object} EventColumns
 * @property {string} id
 * @property {string} type
 * @property {string} phase
 * @property {string} anonymousId
 * @property {string | null} userId
 * @property {string} sessionId
 * @property {string} channel
 * @property {string} campaign `campaign.name`, '' without one
 * @property {string} path
 * @property {number | null} valueCents purchase value in cents (revenueOf), null for other touchpoints
 * @property {string | null} currency
 * @property {string} propPairs
 * @property {number} bot 1 or 0
 * @property {number} occurredAt
 * @property {number} receivedAt
 * @property {string} json the whole event
 */

/**
 * @param {import('./store.js').StoredEvent} row
 * @returns {EventColumns}
 */
export function toColumns({ event, occurredAt, receivedAt, bot }) {
  const money = revenueOf(event)
  return {
    id: event.id,
    type: event.type,
    phase: event.phase,
    anonymousId: event.anonymousId,
    userId: event.userId ?? null,
    sessionId: event.sessionId,
    channel: event.channel,
    campaign: event.campaign?.name ?? '',
    path: event.page.path,
    valueCents: money?.cents ?? null,
    currency: money?.currency ?? null,
    propPairs: propertyPairs(event.properties),
    bot: bot ? 1 : 0,
    occurredAt: Math.round(occurredAt),
    receivedAt: Math.round(receivedAt),
    json: JSON.stringify(event),
  }
}

/**
 * The rows of a batch sorted by event id: every store inserts in this order, so two
 * overlapping batches lock the same ids in the same order and cannot deadlock.
 * @param {readonly import('./store.js').StoredEvent[]} rows
 */
export const inIdOrder = (rows) => [...rows].sort((a, b) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0))

/**
 * The first userId of each anonymousId in a batch, in batch order: the identity links
 * the batch may create (a store keeps the first link it ever stored).
 * @param {readonly import('./store.js').StoredEvent[]} rows
 * @returns {{ anonymousId: string, userId: string, linkedAt: number }[]}
 */
export function identityLinks(rows) {
  /** @type {Map<string, { anonymousId: string, userId: string, linkedAt: number }>} */
  const links = new Map()
  for (const { event, receivedAt } of rows) {
    if (event.userId && !links.has(event.anonymousId)) links.set(event.anonymousId, { anonymousId: event.anonymousId, userId: event.userId, linkedAt: receivedAt })
  }
  return [...links.values()]
}

/**
 * A stored row back into what exportEvents yields.
 * @param {{ json: string, occurredAt: number | string, receivedAt: number | string, bot: number | string | boolean }} row
 * @returns {import('./store.js').StoredEvent}
 */
export const fromStored = ({ json, occurredAt, receivedAt, bot }) => ({ event: JSON.parse(json), occurredAt: Number(occurredAt), receivedAt: Number(receivedAt), bot: Boolean(Number(bot)) })

/**
 * One touchpoint of a visitor timeline from a stored row.
 * @param {{ json: string, occurredAt: number | string, bot: number | string | boolean }} row
 * @returns {import('./store.js').VisitorTimeline['touchpoints'][number]}
 */
export function timelineEntry({ json, occurredAt, bot }) {
  const event = JSON.parse(json)
  return {
    id: event.id,
    time: Number(occurredAt),
    type: event.type,
    phase: event.phase,
    channel: event.channel,
    sessionId: event.sessionId,
    anonymousId: event.anonymousId,
    path: event.page.path,
    title: event.page.title,
    campaign: event.campaign?.name ?? null,
    properties: event.properties,
    bot: Boolean(Number(bot)),
  }
}

/** How many touchpoints a visitor timeline returns when the query names no limit. */
export const TIMELINE_LIMIT = 500
/** Rows per page when exporting: each page is one short query, so export never holds the table in memory. */
export const EXPORT_PAGE = 2000
