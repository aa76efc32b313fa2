/**
 * Size: each SDK's minimal real usage (init + one track) bundled with the same
 * esbuild settings, then measured minified, gzip (level 9) and brotli (quality 11).
 * "initial" is the entry chunk and what it imports statically; "all" adds the
 * chunks the SDK imports lazily (dynamic import()).
 */
import { readFileSync, rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { BENCH, OUT, ROOT, bundleUsage } from './build'
import type { Reference, Sdk } from './sdks'

export interface Bytes {
  min: number
  gzip: number
  brotli: number
}

export interface SizeRow {
  id: string
  label: string
  initial: Bytes
  all: Bytes
  lazyChunks: number
  /** The bundle creates <script> elements: it can pull more code at run time. */
  injectsScripts: boolean
  note?: string
  /** Not bundled here: a hand-measured figure (see Sdk.reference); `all.gzip` is the served gzip. */
  reference?: Reference
  /** One script file shipped inside the npm package, not an importable module. */
  scriptFile?: string
}

export function measure(code: Buffer): Bytes {
  return {
    min: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

const add = (a: Bytes, b: Bytes): Bytes => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli })
const ZERO: Bytes = { min: 0, gzip: 0, brotli: 0 }
const SCRIPT_INJECTION = /createElement\(\s*["'`]script["'`]\s*\)/

/** Bundles and measures every SDK with a usage entry. */
export async function measureSizes(sdks: Sdk[]): Promise<SizeRow[]> {
  const rows: SizeRow[] = []
  for (const sdk of sdks.filter((s) => s.usage || s.reference)) {
    if (sdk.reference) {
      const served = { min: NaN, gzip: sdk.reference.servedGzip, brotli: NaN }
      rows.push({ id: sdk.id, label: sdk.label, initial: served, all: served, lazyChunks: 0, injectsScripts: false, reference: sdk.reference })
      continue
    }
    const outdir = join(OUT, 'size', sdk.id)
    rmSync(outdir, { recursive: true, force: true })
    // A script file shipped inside a package (under bench/.build/vendor) is bundled from where it was unpacked.
    const entryFile = sdk.scriptFile ? join(BENCH, sdk.usage!) : join(BENCH, 'src/usage', sdk.usage!)
    const meta = await bundleUsage(entryFile, outdir)
    const outputs = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'))
    const entry = outputs.find(([, o]) => o.entryPoint)![0]
    const initialFiles = new Set<string>()
    const visit = (file: string) => {
      if (initialFiles.has(file)) return
      initialFiles.add(file)
      for (const imported of meta.outputs[file]!.imports) if (imported.kind === 'import-statement') visit(imported.path)
    }
    visit(entry)
    let initial = ZERO
    let all = ZERO
    let injectsScripts = false
    for (const [file] of outputs) {
      const code = readFileSync(resolve(file)) // metafile paths are relative to the working directory
      const bytes = measure(code)
      all = add(all, bytes)
      if (initialFiles.has(file)) initial = add(initial, bytes)
      injectsScripts ||= SCRIPT_INJECTION.test(code.toString('utf8'))
    }
    rows.push({ id: sdk.id, label: sdk.label, initial, all, lazyChunks: outputs.length - initialFiles.size, injectsScripts, scriptFile: sdk.scriptFile })
  }
  if (!sdks.some((s) => s.id === 'journeytag')) return rows
  const global = readFileSync(join(ROOT, 'dist/journeytag.global.js'))
  const bytes = measure(global)
  rows.splice(1, 0, {
    id: 'journeytag-global',
    label: 'journeytag script tag (dist/journeytag.global.js, everything)',
    initial: bytes,
    all: bytes,
    lazyChunks: 0,
    injectsScripts: SCRIPT_INJECTION.test(global.toString('utf8')),
    note: `as shipped (${relative(ROOT, join(ROOT, 'dist/journeytag.global.js'))})`,
  })
  return rows
}
