/** The anonymous visitor id and the optional user id set by identify(). */
import { uuid } from '../uuid'
import { readStored, writeStored, removeStored } from './storage'

const ANONYMOUS_KEY = 'journeytag:anonymousId'
const USER_KEY = 'journeytag:userId'

/** Who the visitor is: a stable random id, and a user id once identified. */
export interface Identity {
  anonymousId: string
  userId?: string
}

/** Loads the identity, creating and storing an anonymous id on the first visit. */
export function loadIdentity(): Identity {
  let anonymousId = readStored<string>(ANONYMOUS_KEY)
  if (!anonymousId) {
    anonymousId = uuid()
    writeStored(ANONYMOUS_KEY, anonymousId)
  }
  const userId = readStored<string>(USER_KEY)
  return userId ? { anonymousId, userId } : { anonymousId }
}

/** Links a user id to this visitor. */
export function saveUserId(userId: string): void {
  writeStored(USER_KEY, userId)
}

/** Forgets both ids, so the next touchpoint starts a new anonymous visitor. */
export function clearIdentity(): void {
  removeStored(ANONYMOUS_KEY)
  removeStored(USER_KEY)
}
