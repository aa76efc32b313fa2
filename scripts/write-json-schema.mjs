// Writes dist/rules.schema.json from the zod rules schema, so editors can
// validate rules files with "$schema": "…/journeytag/dist/rules.schema.json".
import { writeFileSync } from 'node:fs'
import { toJSONSchema } from 'zod/v4/core'
import { rulesDocumentSchema } from '../dist/schema.js'

const schema = toJSONSchema(rulesDocumentSchema, { target: 'draft-7' })
schema.title = 'journeytag phase rules'
schema.description = 'Ordered rules mapping each touchpoint to a customer-journey phase; the first matching rule wins.'
writeFileSync(new URL('../dist/rules.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`)
console.log('wrote dist/rules.schema.json')
