/** A throwaway ClickHouse server for tests (see servers.js). */
export { startClickhouse } from './servers.js'
