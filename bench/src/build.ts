/** esbuild, the same settings for everyone: minified, browser platform, es2020, production defines. */
import { build, type BuildOptions, type Metafile } from 'esbuild'
import { join } from 'node:path'

export const BENCH = join(import.meta.dirname, '..')
export const ROOT = join(BENCH, '..')
export const OUT = join(BENCH, '.build')

export const COMMON: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
  // journeytag resolves to the built npm entry, exactly what `import 'journeytag'` gives an app.
  alias: { journeytag: join(ROOT, 'dist/index.js') },
  logLevel: 'silent',
  legalComments: 'none',
}

/** Bundles one usage entry as an app would (ESM, code splitting on), returning the metafile. */
export async function bundleUsage(entry: string, outdir: string): Promise<Metafile> {
  const result = await build({ ...COMMON, entryPoints: [entry], outdir, format: 'esm', splitting: true, metafile: true, write: true })
  return result.metafile
}

/** Bundles a benchmark page (harness + adapter) into one classic script. */
export async function bundlePage(adapter: string, outfile: string): Promise<void> {
  await build({ ...COMMON, entryPoints: [adapter], outfile, format: 'iife' })
}
