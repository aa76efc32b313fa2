// The published package as its users get it: what `npm pack` ships, what bundlers keep,
// and what TypeScript sees under each module resolution. Reads dist/, so build first.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
let consumer: string // a project with journeytag in its node_modules, as after `npm install journeytag`

beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'journeytag-consumer-'))
  mkdirSync(join(consumer, 'node_modules'))
  symlinkSync(root, join(consumer, 'node_modules', 'journeytag'), 'dir')
})
afterAll(() => rmSync(consumer, { recursive: true, force: true }))

/** Every file package.json points users at: entry fields, exports targets, typesVersions targets. */
function declaredFiles(): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : []
  const fields = [pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.jsdelivr, ...targets(pkg.exports), ...targets(pkg.typesVersions)]
  return [...new Set(fields.map((path: string) => path.replace(/^\.\//, '')))]
}

describe('npm pack', { timeout: 30_000 }, () => {
  const packed = (): string[] => {
    // --ignore-scripts: prepack would rebuild dist/ under the feet of tests running alongside.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })
    return (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((file) => file.path)
  }

  it('ships the built code, its types, the script tag, the rules JSON Schema, LICENSE and README', () => {
    const files = packed()
    for (const path of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/schema.js', 'dist/schema.cjs', 'dist/schema.d.ts', 'dist/schema.d.cts', 'dist/global.d.ts', 'dist/global.d.cts', 'dist/journeytag.global.js', 'dist/journeytag.global.cjs', 'dist/rules.schema.json', 'LICENSE', 'README.md', 'package.json'])
      expect(files, path).toContain(path)
    // Every file package.json names is on disk after the build and in the tarball.
    for (const path of declaredFiles()) {
      expect(existsSync(join(root, path)), `${path} exists`).toBe(true)
      if (path !== 'package.json') expect(files, `${path} is packed`).toContain(path)
    }
  })

  it('builds before packing and after a fresh clone is installed', () => {
    expect(pkg.scripts.prepack).toMatch(/\bbuild\b/)
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs')
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License[\s\S]*journeytag contributors/)
  })
})

describe("import 'journeytag/global' in a bundled app", () => {
  const bundle = async (file: string, source: string): Promise<string> => {
    writeFileSync(join(consumer, file), source)
    const result = await build({ entryPoints: [join(consumer, file)], bundle: true, write: false, platform: 'browser', format: 'esm', logLevel: 'silent' })
    return result.outputFiles[0]!.text
  }
  // The bundler reprints the script, so look for one of its messages rather than its bytes.
  const marker = 'unknown method; expected one of'

  it('keeps the script-tag bundle (sideEffects lists it), from import and from require', async () => {
    expect(readFileSync(join(root, 'dist/journeytag.global.js'), 'utf8')).toContain(marker)
    expect(await bundle('app.mjs', "import 'journeytag/global'\n")).toContain(marker)
    expect(await bundle('app.cjs', "require('journeytag/global')\n")).toContain(marker)
  })

  it('still drops unused npm exports (the npm entries stay side-effect free)', async () => {
    const out = await bundle('unused.mjs', "import { track } from 'journeytag'\n")
    expect(out.length).toBeLessThan(200)
  })
})

// A TypeScript program takes 0.3-2 s (lib.dom.d.ts is parsed once, then shared); more on a busy machine.
describe('TypeScript users', { timeout: 30_000 }, () => {
  // Shared across the programs below: parsing lib.dom.d.ts once keeps the checks to a few seconds.
  const parsed = new Map<string, ts.SourceFile | undefined>()
  const typeErrors = (file: string, source: string, options: ts.CompilerOptions): string[] => {
    writeFileSync(join(consumer, file), source)
    const compilerOptions: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], target: ts.ScriptTarget.ES2022, ...options }
    const host = ts.createCompilerHost(compilerOptions)
    const read = host.getSourceFile
    host.getSourceFile = (name, version, ...rest) => {
      const key = `${name}|${JSON.stringify(version)}`
      if (!name.includes('/lib.') || !parsed.has(key)) parsed.set(key, read.call(host, name, version, ...rest))
      return parsed.get(key)
    }
    const program = ts.createProgram([join(consumer, file)], compilerOptions, host)
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.replace(consumer, '') ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
  }

  const usage = (importLine: string) => `${importLine}
window.journeytag('init', { endpoint: '/collect' })
window.journeytag('track', 'newsletter_signup', { list: 'weekly' })
journeytag.track('demo_requested', { plan: 'team' })
journeytag('identify', 'user-42', { plan: 'pro' })
journeytag.purchase({ orderId: 'A-1001', value: 49.9, currency: 'EUR' })
journeytag('chatOpened', 'livechat')
journeytag.consent(false)
const sent: Promise<void> = journeytag.flush()
const unsubscribe: () => void = journeytag.onPhase(({ phase }) => console.log(phase.toUpperCase()))
const reached: string[] = journeytag.getPhase().reached
journeytag('onPhase', (change) => change.first)
// @ts-expect-error: no such method
journeytag('trak', 'signup')
// @ts-expect-error: a touchpoint type is a string
journeytag.track(42)
// @ts-expect-error: an order has orderId, value and currency
journeytag('purchase', { value: 1 })
const result = batchSchema.safeParse({})
if (result.success) {
  const version: number = result.data.schemaVersion
  // @ts-expect-error: the schema is typed, not any
  const wrong: string = result.data.events
  void [version, wrong]
}
void [sent, unsubscribe, reached]
export {}
`
  const imports = "import 'journeytag/global'\nimport { batchSchema } from 'journeytag/schema'"

  it.each([
    ['node10 (moduleResolution "node")', 'app-node10.ts', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
    ['bundler', 'app-bundler.ts', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
    ['node16, CommonJS', 'app-node16.cts', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
    ['node16, ESM', 'app-node16.mts', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
  ] as const)('types window.journeytag and journeytag/schema under %s', (_, file, options) => {
    expect(typeErrors(file, usage(imports), options)).toEqual([])
  })

  it('types every method of the loaded script-tag global', () => {
    const declarations = ts.createSourceFile('global.d.ts', readFileSync(join(root, 'dist/global.d.ts'), 'utf8'), ts.ScriptTarget.ES2022)
    const methods = declarations.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === 'JourneytagMethods')
    const typed = methods!.members.map((member) => (member.name as ts.Identifier).text).sort()
    const w = window as unknown as { journeytag?: Record<string, unknown> }
    delete w.journeytag
    // The bundle outside a <script> of its own: it defines the global and, without an endpoint anywhere, starts nothing.
    new Function(readFileSync(join(root, 'dist/journeytag.global.js'), 'utf8'))()
    const loaded = Object.keys(w.journeytag ?? {}).filter((key) => typeof w.journeytag![key] === 'function').sort()
    expect(loaded).toContain('track')
    expect(typed).toEqual(loaded)
    delete w.journeytag
  })

  it('has no window.journeytag without the journeytag/global import', () => {
    const errors = typeErrors('no-global.ts', usage("import { batchSchema } from 'journeytag/schema'"), { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler })
    expect(errors.join('\n')).toMatch(/Cannot find name 'journeytag'|Property 'journeytag' does not exist/)
  })
})
