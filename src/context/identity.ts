/** The anonymous visitor id and the optional user id set by identify(). */
import { uuid } from '../uuid'
import { isNonEmptyString, LIMITS } from '../contract/limits'
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
  let anonymousId: unknown = readStored(ANONYMOUS_KEY)
  // A stored id is used only if it is one the event schema accepts; anything else another script left there is replaced.
  if (!isNonEmptyString(anonymousId, LIMITS.id)) writeStored(ANONYMOUS_KEY, (anonymousId = uuid()))
  const userId = readStored(USER_KEY)
  return isNonEmptyString(userId, LIMITS.userId) ? { anonymousId: anonymousId as string, userId } : { anonymousId: anonymousId as string }
}

/** Links a user id to this visitor. */
export const saveUserId = (userId: string): void => writeStored(USER_KEY, userId)

/** Forgets both ids, so the next touchpoint starts a new anonymous visitor. */
export function clearIdentity(): void {
  removeStored(ANONYMOUS_KEY)
  removeStored(USER_KEY)
}
