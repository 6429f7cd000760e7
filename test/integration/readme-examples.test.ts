// The README's examples on the fixtures run as written, from a fresh checkout's directory, and print
// what the README shows (times and the checkout's own path aside).

import { afterAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { repoRoot, tempDir } from '../helpers/cli.ts'

const home = tempDir('cc-readme-')
afterAll(() => home.cleanup())

interface Example {
  command: string
  output: string[]
}

/** `$ ` lines inside fenced blocks that run on the checkout's fixtures, with the lines printed after each. */
function examples(readme: string): Example[] {
  const found: Example[] = []
  let inBlock = false
  let current: Example | undefined
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) {
      inBlock = !inBlock
      current = undefined
    } else if (inBlock && line.startsWith('$ ')) {
      current = { command: line.slice(2), output: [] }
      if (current.command.includes('test/fixtures/')) found.push(current)
    } else current?.output.push(line)
  }
  return found
}

const readme = await Bun.file(join(repoRoot, 'README.md')).text()
const runnable = examples(readme)

test('the README has its fixture examples: import, two reports, context analyze and clean', () => {
  expect(runnable.map((e) => e.command.split(' ').find((w) => /^(import|report|context)$/.test(w)))).toEqual([
    'import',
    'report',
    'report',
    'context',
    'context',
  ])
})

const mask = (text: string) =>
  text
    .replace(/^Time: +\d+ ms$/m, 'Time: N ms')
    .replace(/^Transcript .*\/test\/fixtures\//m, 'Transcript …/test/fixtures/')

test.each(runnable.map((e) => [e.command, e] as const))('$ %s', async (_, example) => {
  const proc = Bun.spawn(['bash', '-c', example.command], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home.path,
      CONTEXT_CLEANER_HOME: home.path,
      NO_COLOR: '1',
    },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stdout, exitCode] = await Promise.all([new Response(proc.stdout).text(), proc.exited])
  expect(exitCode).toBe(0)
  const shown = example.output.join('\n').trimEnd()
  // A block cut short with `...` shows the start of the output.
  const cut = shown.indexOf('\n  ...')
  const expected = mask(cut === -1 ? shown : shown.slice(0, cut))
  const actual = mask(stdout.trimEnd())
  if (cut === -1) expect(actual).toBe(expected)
  else expect(actual.startsWith(expected)).toBe(true)
})
