// @ts-check
/** The journey map's definitions: texts, the pure reference, and the assembly every store shares. */
export { DEFINITIONS, DEFAULT_GOAL, INTERNAL_TYPES, HISTOGRAM_BOUNDS } from './definitions.js'
export { assembleFigures } from './assemble.js'
export { referenceFigures, referenceAggregates, linkIdentities } from './reference.js'
