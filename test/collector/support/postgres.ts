/** A throwaway PostgreSQL server for tests (see servers.js). */
export { startPostgres } from './servers.js'
