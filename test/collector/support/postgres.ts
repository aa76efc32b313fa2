/** A throwaway PostgreSQL server for tests (see servers.js), and what tests do on it. */
import pg from 'pg'
export { startPostgres } from './servers.js'

/** Creates a new empty database `name` on the server at `serverUrl`; returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  return serverUrl.replace(/\/postgres$/, `/${name}`)
}

/** Runs SQL on the database at `url`, in a connection of its own; returns the rows. */
export async function sql<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}
