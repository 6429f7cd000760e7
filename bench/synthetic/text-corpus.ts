// Deterministic filler text shaped like what transcripts hold: source code, shell output and prose,
// with quotes, tabs, backslashes and some non-ASCII (all in the BMP, so any slice is valid UTF-16).
// Slices of one prebuilt corpus keep generating a gigabyte cheap.

import type { Random } from './random.ts'

const identifiers = (
  'user session request handler config store cache token parse render update query result options ' +
  'client server buffer stream context value index items schema record event logger router payload retry'
).split(' ')
const words = (
  'the a to of and in is that it for this with file function test error fix change line call return ' +
  'now should because when check run build import type missing update naïve café résumé → ✓ 日本語 данные — …'
).split(' ')
const codeShapes = [
  (a: string, b: string) => `export function ${a}${cap(b)}(${a}: ${cap(b)}Options): Promise<void> {`,
  (a: string, b: string) => `  const ${a} = await ${b}.get("${a}/${b}", { timeout: 3000 })`,
  (a: string, b: string) => `  if (!${a}) throw new Error(\`missing ${b}: \${${a}}\`)`,
  (a: string, b: string) => `\treturn ${a}.map((x) => x.${b}).filter(Boolean)`,
  (a: string, b: string) => `import { ${a}, ${b} } from './${a}-${b}.ts'`,
  (a: string, b: string) => `  // ${cap(a)} ${b} before the next pass; see C:\\\\work\\\\${a}`,
  (a: string, b: string) => `${a}_${b} = {"${a}": 1, "${b}": [1, 2, 3]}`,
  (_a: string, _b: string) => '}',
  (a: string, b: string) => `drwxr-xr-x  4 dev dev  4096 Oct 12 09:41 ${a}-${b}`,
  (a: string, b: string) => `src/${a}/${b}.ts:42:7 - error TS2345: Argument of type '${a}' is not assignable`,
]

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export interface TextCorpus {
  /** A slice of about `length` characters starting at a random place. */
  slice(rng: Random, length: number): string
}

export function buildCorpus(rng: Random, size = 2 * 1024 * 1024): TextCorpus {
  const parts: string[] = []
  let total = 0
  while (total < size) {
    let line: string
    if (rng.chance(0.7)) {
      const shape = rng.pick(codeShapes)
      line = `${'  '.repeat(rng.int(0, 3))}${shape(rng.pick(identifiers), rng.pick(identifiers))}`
    } else {
      const n = rng.int(6, 30)
      const ws: string[] = []
      for (let i = 0; i < n; i++) ws.push(rng.pick(words))
      line = `${cap(ws.join(' '))}.`
    }
    parts.push(line)
    total += line.length + 1
  }
  const text = parts.join('\n')
  return {
    slice(r, length) {
      const n = Math.max(1, Math.min(Math.round(length), text.length))
      const start = r.int(0, text.length - n)
      return text.slice(start, start + n)
    },
  }
}
