#!/usr/bin/env node
/**
 * How small could journeytag's bundles be with what they do today? Splits each
 * bundle into its vocabulary and its logic, and measures each with gzip -9.
 *
 * - Vocabulary: the names any implementation of these features must spell out,
 *   because the browser or the site reads them. That is each property name and
 *   each short string literal (no space, under 40 characters) that is a web
 *   platform or JavaScript name, or that README.md documents, plus the regular
 *   expressions. Each is counted once. Names of our own objects (neither kind)
 *   are left out, because a rewrite could avoid them. The console messages are
 *   measured on their own and left out of the floor.
 *   Gzipped as one list with nothing between the names, this is a floor: the
 *   bundle contains every one of them, with code in between.
 * - Logic: the bundle with every string and regex literal emptied and every
 *   property name shortened to one or two letters (esbuild mangleProps). This is
 *   what today's code costs apart from its names.
 *
 * Usage: npm run bench:size-floor (writes bench/results-size-floor.md); node bench/size-floor.mjs prints JSON
 */
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const gz = (text) => gzipSync(text, { level: 9 }).length
const settings = { bundle: true, minify: true, target: 'es2020', write: false, outfile: 'out.js', absWorkingDir: root, logLevel: 'silent' }

const npm = (names) => ({ stdin: { contents: `export { ${names} } from './src/index'`, resolveDir: root, loader: 'ts' }, format: 'esm' })

/** Each entry as size-limit measures it: the script tag file's source, and the npm entry with only init and track imported. */
const entries = [
  { name: 'script tag (everything)', build: { entryPoints: ['src/global.ts'], format: 'iife' }, budget: 6000 },
  { name: 'npm: import { init, track }', build: npm('init, track'), budget: 4000 },
  // friction() on top of init + track: the difference of two bundles (the budget is its marginal cost).
  { name: 'friction() on top of init + track', build: npm('init, track, friction'), base: npm('init, track'), budget: 1000 },
]

/** Every identifier the TypeScript DOM and ES library declarations name: the web platform's and JavaScript's vocabulary. */
function platformNames() {
  const lib = join(root, 'node_modules/typescript/lib')
  const names = new Set()
  for (const file of readdirSync(lib)) {
    if (!/^lib\.(dom|es5|es\d{4}|esnext|webworker)[\w.]*\.d\.ts$/.test(file)) continue
    for (const [word] of readFileSync(join(lib, file), 'utf8').matchAll(/[A-Za-z_$][\w$]*/g)) names.add(word)
  }
  return names
}
const platform = platformNames()
const documented = new Set(readFileSync(join(root, 'README.md'), 'utf8').match(/[A-Za-z_$][\w$:-]*/g))
/** The same test for a string: a web or JavaScript name, or one the README documents (a storage key, an attribute, a touchpoint type). */
const required = (name) => platform.has(name) || documented.has(name)

/** The property names, strings and regexes of minified code (parsed with TypeScript, a dev dependency), and where its literals are. */
function literals(code) {
  const found = { props: [], strings: [], regexes: [], ranges: [] }
  const K = ts.SyntaxKind
  const source = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS)
  const visit = (node) => {
    const at = [node.getStart(source), node.getEnd()]
    if (node.kind == K.StringLiteral || node.kind == K.NoSubstitutionTemplateLiteral) found.strings.push(node.text), found.ranges.push([...at, '""'])
    else if (node.kind == K.TemplateHead || node.kind == K.TemplateMiddle || node.kind == K.TemplateTail) {
      // The parts between `${…}`: kept as their delimiters, emptied of text.
      found.strings.push(node.text)
      found.ranges.push([...at, node.kind == K.TemplateHead ? '`${' : node.kind == K.TemplateMiddle ? '}${' : '}`'])
    } else if (node.kind == K.RegularExpressionLiteral) found.regexes.push(node.text), found.ranges.push([...at, '/x/'])
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) found.props.push(node.name.text)
    if ((ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name)) found.props.push(node.name.text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const isMessage = (s) => s.length >= 40 || / /.test(s)

/** One bundle's parts, each as text: the names it needs, its messages, its logic. */
async function parts(config) {
  const { outputFiles } = await build({ ...settings, ...config })
  const code = outputFiles[0].text
  const { props, strings, regexes, ranges } = literals(code)
  const unique = (list) => [...new Set(list)]
  const names = unique([...props, ...strings.filter((s) => !isMessage(s))])
  // Logic: literals emptied (from the end, so earlier offsets stay valid), then every property name mangled.
  let bare = code
  for (const [start, end, by] of ranges.sort((a, b) => b[0] - a[0])) bare = bare.slice(0, start) + by + bare.slice(end)
  const mangled = await build({ ...settings, stdin: { contents: bare, loader: 'js' }, format: config.format, mangleProps: /./, mangleQuoted: true })
  return {
    code,
    needed: names.filter(required),
    own: names.filter((n) => !required(n)),
    vocabulary: names.filter(required).join('') + unique(regexes).join(''),
    messages: unique(strings.filter(isMessage)).join(''),
    logic: mangled.outputFiles[0].text,
  }
}

/** Gzip sizes of an entry's parts; with a base, what the entry adds to it (base and entry gzipped together, minus the base). */
async function measure(entry) {
  const full = await parts(entry.build)
  const base = entry.base ? await parts(entry.base) : { code: '', needed: [], vocabulary: '', messages: '', logic: '' }
  const added = (key) => gz(base[key] + full[key]) - (base[key] ? gz(base[key]) : 0)
  const newNames = full.needed.filter((n) => !base.needed.includes(n))
  return {
    name: entry.name,
    budget: entry.budget,
    bundle: entry.base ? gz(full.code) - gz(base.code) : gz(full.code),
    vocabulary: entry.base ? gz(base.vocabulary + newNames.join('')) - gz(base.vocabulary) : gz(full.vocabulary),
    messages: added('messages'),
    logic: entry.base ? gz(full.logic) - gz(base.logic) : gz(full.logic),
    needed: newNames.length,
    ownNames: full.own.filter((n) => !(base.own || []).includes(n)),
  }
}

const rows = []
for (const entry of entries) rows.push(await measure(entry))

if (process.argv.includes('--md')) {
  const { execSync } = await import('node:child_process')
  const commit = execSync('git log -1 --format="%h %cs"', { cwd: root }).toString().trim()
  console.log(`# How small can journeytag be with what it does today?\n`)
  console.log(`Generated by \`npm run bench:size-floor\` (bench/size-floor.mjs) at ${commit}. Each bundle is built with esbuild (minified, es2020), as size-limit does, and measured with gzip -9 (1 KB = 1,000 B here); size-limit's figures in the README differ by some tens of bytes (it compresses differently).\n`)
  console.log('- **Vocabulary floor**: every property name and short string (no space, under 40 characters) of the bundle that is a web platform or JavaScript name (declared in TypeScript\'s DOM and ES libraries) or that README.md documents, each once, plus the regular expressions, gzipped as one list with nothing between them. Any implementation of the same features spells these names out (the browser or the site reads them), so this is a floor. Names of our own objects are left out, and so are the console messages (measured on their own): a rewrite could avoid or shorten them.')
  console.log('- **Logic today**: the bundle with every string and regex literal emptied and every property name shortened by esbuild\'s `mangleProps`: what the code costs apart from its names.')
  console.log('- **Logic would have to shrink**: logic today ÷ (budget − vocabulary floor), with no console message at all. For friction() every figure is its cost on top of `init` + `track` (the two bundles measured apart, and their difference).\n')
  console.log('| bundle | gzip today | budget | vocabulary floor (names, no messages) | messages | logic today (names mangled, literals emptied) | left for the logic within the budget | logic would have to shrink |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    const left = r.budget - r.vocabulary
    console.log(`| ${r.name} | ${r.bundle} B | ${r.budget} B | ${r.vocabulary} B (${r.needed} names) | ${r.messages} B | ${r.logic} B | ${left} B | ${(r.logic / left).toFixed(1)}× |`)
  }
  console.log('\nHow to read it: the earlier rewrite to a compact runtime (zod out of the browser bundle, a compact validator, the queue opening IndexedDB itself) took the script tag from 21.9 KB to about 17 KB, about 0.8× of the code it replaced; three later rounds of trimming each saved under 0.2 KB. A factor of several on the logic, with every behaviour the tests hold kept, is of another order than any rewrite of this code has reached; the budgets can be met only by dropping capabilities, which the size issue rules out.')
  for (const r of rows) console.log(`\nNames of our own (left out of the floor) in ${r.name}: ${r.ownNames.length}: ${r.ownNames.map((n) => '`' + (JSON.stringify(n).slice(1, -1).replace(/`/g, "'") || '""') + '`').join(' ')}`)
} else console.log(JSON.stringify(rows.map(({ ownNames, ...r }) => r), null, 2))
