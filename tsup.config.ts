import { copyFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'

export default defineConfig([
  {
    // npm entries: ESM + CJS with types, unminified so apps' bundlers tree-shake and minify.
    entry: { index: 'src/index.ts', schema: 'src/schema.ts' },
    format: ['esm', 'cjs'],
    // global.d.ts/.d.cts: the types of the script-tag global (`journeytag/global`); a type-only module, so no JS of its own.
    dts: { entry: { index: 'src/index.ts', schema: 'src/schema.ts', global: 'src/global-api.ts' } },
    clean: true,
    target: 'es2020',
    sourcemap: true,
    treeshake: true,
  },
  {
    // The script tag: one self-contained file that defines window.journeytag.
    entry: { journeytag: 'src/global.ts' },
    format: ['iife'],
    // terser after esbuild: its extra passes save about 5 % of the gzip size over esbuild's minifier alone.
    minify: 'terser',
    terserOptions: { ecma: 2020, compress: { passes: 3, unsafe_arrows: true, pure_getters: true }, mangle: true },
    // ES2020 (Chrome/Edge 80+, Firefox 74+, Safari 13.1+): keeps ?. and ?? native; down-levelling them cost ~0.8 KB gzip.
    target: 'es2020',
    sourcemap: true,
    outExtension: () => ({ js: '.global.js' }),
    // The same script as .cjs, for `require('journeytag/global')`: in this "type": "module"
    // package a .js file is ESM to Node and to TypeScript, which CommonJS cannot require.
    onSuccess: () => copyFile('dist/journeytag.global.js', 'dist/journeytag.global.cjs'),
  },
])
