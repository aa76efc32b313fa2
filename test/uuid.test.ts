import { afterEach, expect, test, vi } from 'vitest'
import { uuid } from '../src/uuid'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => vi.unstubAllGlobals())

test('event ids are random UUID v4s, also on plain-http sites where crypto.randomUUID is missing', () => {
  const realCrypto = globalThis.crypto
  vi.stubGlobal('crypto', { getRandomValues: realCrypto.getRandomValues.bind(realCrypto) })
  const ids = Array.from({ length: 1000 }, uuid)
  for (const id of ids) expect(id).toMatch(V4)
  expect(new Set(ids).size).toBe(1000)
})

test('crypto.randomUUID is used where the browser has it', () => {
  expect(uuid()).toMatch(V4)
})
