// What `bun pm pack` would publish: the program, its views and assets, README and LICENSE; no tests.

import { expect, test } from 'bun:test'
import packageJson from '../../package.json' with { type: 'json' }
import { repoRoot } from '../helpers/cli.ts'

const pack = Bun.spawnSync(['bun', 'pm', 'pack', '--dry-run'], {
  cwd: repoRoot,
  stdout: 'pipe',
  stderr: 'pipe',
})
const files = `${pack.stdout}${pack.stderr}`
  .split('\n')
  .map((line) => /^packed \S+ (.+)$/.exec(line.trim())?.[1])
  .filter((f): f is string => f !== undefined)

test('the package has no test files, snapshots or fixtures', () => {
  expect(files.length).toBeGreaterThan(100)
  expect(files.filter((f) => /\.test\.tsx?$|__snapshots__|^test\/|^bench\//.test(f))).toEqual([])
})

test('the package has LICENSE (MIT, as package.json says), README and what the program runs', () => {
  expect(packageJson.license).toBe('MIT')
  expect(files).toContain('LICENSE')
  expect(files).toContain('README.md')
  expect(files).toContain(packageJson.bin['context-cleaner'].replace(/^\.\//, ''))
  expect(files.some((f) => f.startsWith('views/') && f.endsWith('.css'))).toBe(true)
})

test('LICENSE is the MIT licence', async () => {
  expect(await Bun.file(`${repoRoot}/LICENSE`).text()).toStartWith('MIT License')
})
