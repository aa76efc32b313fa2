import { describe, expect, test } from 'vitest'
import { build } from 'esbuild'

// zod is the contract (journeytag/schema, the collector, Node tooling), never browser weight.
describe('the browser bundles', () => {
  test.each(['src/global.ts', 'src/index.ts'])('%s contains no zod module', async (entry) => {
    const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', target: 'es2020', logLevel: 'silent' })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((path) => path.includes('src/check/'))).toBe(true) // the compact validator is what checks instead
    expect(inputs.filter((path) => /zod/.test(path))).toEqual([])
  })
})
