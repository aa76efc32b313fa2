/**
 * journeytag for npm users: import what you use; nothing runs at import time.
 * @example
 * import { init, track } from 'journeytag'
 * init({ endpoint: 'https://collect.example.com/e' })
 * track('demo_requested', { plan: 'team' })
 */
export { start as init, track, page, identify, purchase, flush, reset, shutdown, consent } from './tracker'
export { segment } from './delivery/formats/segment'
export type { Format } from './delivery/formats/native'
export { getPhase, onPhase, type PhaseChange } from './phase'
export type { Options, ResolvedOptions } from './options'
export { DEFAULT_OPTIONS } from './options'
export type { Plugin, TrackerApi } from './plugin'
export type { Order } from './contract/order'
export type { TouchpointEvent, Batch, PageContext, Campaign } from './contract/event'
export type { RulesDocument, Rule, Conditions } from './contract/rules'
export { DEFAULT_PHASES } from './contract/limits'
export { defaultRules } from './rules/defaults'
export { parseRules, type RulesResult } from './rules/parse'
export type { Transport, TransportRequest, TransportResponse } from './delivery/transport'
export type { Channel } from './context/channel'
export type { VisitorState } from './context/journey-state'
export { pageviews, type PageviewOptions } from './capture/pageviews'
export { forms, formId } from './capture/forms'
export { chat, chatOpened, DEFAULT_CHAT_SELECTORS, type ChatOptions } from './capture/chat'
export { elements } from './capture/elements'
export { friction, type FrictionOptions } from './capture/friction'
export { engagement, type EngagementOptions } from './capture/engagement'
export type { ErrorPageOptions } from './capture/friction/error-page'
export type { SlowPageOptions } from './capture/friction/slow-page'
export { dataLayerPurchases, orderFromDataLayer } from './capture/purchases'
export type { StorageMode } from './context/storage'
