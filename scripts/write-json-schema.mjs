// Writes dist/rules.schema.json, so editors can validate rules files with
// "$schema": "…/journeytag/dist/rules.schema.json".
import { writeFileSync } from 'node:fs'
import { rulesJsonSchema } from '../dist/schema.js'

writeFileSync(new URL('../dist/rules.schema.json', import.meta.url), `${JSON.stringify(rulesJsonSchema(), null, 2)}\n`)
console.log('wrote dist/rules.schema.json')
