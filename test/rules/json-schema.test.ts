import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { fromJSONSchema } from 'zod'
import { rulesJsonSchema } from '../../src/contract/json-schema'
import { defaultRules } from '../../src/rules/defaults'

// What an editor does with the published schema: check a rules file against it.
const editorCheck = fromJSONSchema(rulesJsonSchema() as never)

describe('the published JSON Schema of rules files', () => {
  test('accepts the default rules and the example rules files', () => {
    expect(editorCheck.safeParse(JSON.parse(JSON.stringify(defaultRules))).success).toBe(true)
    const example = JSON.parse(readFileSync('examples/script-tag/journey-rules.json', 'utf8'))
    expect(editorCheck.safeParse(example).success).toBe(true)
  })

  test('flags a misspelt matcher and a wrong type, as the SDK does', () => {
    expect(editorCheck.safeParse({ rules: [{ phase: 'awareness', when: { paths: '/x' } }] }).success).toBe(false)
    expect(editorCheck.safeParse({ rules: [{ phase: 'awareness', when: { visitor: { purchases: 'many' } } }] }).success).toBe(false)
  })

  test('describes each matcher for editor hovers', () => {
    const when = rulesJsonSchema().properties.rules.items.properties.when.properties
    for (const key of ['type', 'path', 'query', 'channel', 'referrer', 'selector', 'properties', 'visitor']) {
      expect(when[key].description, key).toBeTruthy()
    }
  })
})
