/**
 * The built-ins journeytag's hot path needs, taken when the bundle loads: a page
 * that later replaces JSON.stringify with a broken version must not break tracking.
 */
export const { stringify, parse } = JSON
