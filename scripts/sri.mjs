// The versioned CDN tag of the script bundle with its Subresource Integrity hash (sha384 of
// dist/journeytag.global.js, the file the npm tarball ships and the CDNs serve verbatim).
//   node scripts/sri.mjs           prints the tag for the version in package.json
//   node scripts/sri.mjs --readme  writes it into README.md between the cdn markers (release step)
//   node scripts/sri.mjs --check   fails unless README.md has the tag of this build (before publishing)
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'

const read = (path) => readFileSync(new URL(`../${path}`, import.meta.url))
const { version } = JSON.parse(read('package.json'))
const integrity = `sha384-${createHash('sha384').update(read('dist/journeytag.global.js')).digest('base64')}`
const url = `https://cdn.jsdelivr.net/npm/journeytag@${version}/dist/journeytag.global.js`
const tag = `<script async src="${url}"
        integrity="${integrity}" crossorigin="anonymous"
        data-endpoint="https://collect.example.com/collect"></script>`
const block = `<!-- cdn:start (written by \`node scripts/sri.mjs --readme\` on release; do not edit by hand) -->
\`\`\`html
${tag}
\`\`\`
<!-- cdn:end -->`

const mode = process.argv[2]
if (!mode) {
  console.log(`${integrity}\n\n${tag}`)
} else {
  const readme = read('README.md').toString()
  const markers = /<!-- cdn:start[^]*?<!-- cdn:end -->/
  if (!markers.test(readme)) throw new Error('README.md has no <!-- cdn:start --> … <!-- cdn:end --> block')
  if (mode === '--readme') {
    writeFileSync(new URL('../README.md', import.meta.url), readme.replace(markers, block))
    console.log(`README.md: journeytag@${version}, ${integrity}`)
  } else if (mode === '--check') {
    if (readme.match(markers)[0] !== block) {
      console.error(`README.md's CDN tag is not journeytag@${version} with ${integrity}: run node scripts/sri.mjs --readme`)
      process.exit(1)
    }
  } else throw new Error(`unknown option ${mode}; expected --readme or --check`)
}
