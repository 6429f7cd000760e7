// What import and report say about lines they skipped and about history they could not find.

import { afterAll, expect, test } from 'bun:test'
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli, tempDir } from '../helpers/cli.ts'
import { assistantLine, userLine } from '../helpers/transcript-lines.ts'

const dir = tempDir('cc-import-msg-')
afterAll(() => dir.cleanup())

test('import --verbose names the file and line of each skipped line, also after a resumed import', async () => {
  const claudeDir = join(dir.path, 'claude')
  const project = join(claudeDir, 'projects', '-home-dev-app')
  mkdirSync(project, { recursive: true })
  const file = join(project, 's1.jsonl')
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString()
  writeFileSync(
    file,
    `${[
      userLine('s1', 'hello', at(0)),
      assistantLine({ session: 's1', request: 'a', timestamp: at(1) }),
      '{"type":"assistant", truncated',
      assistantLine({ session: 's1', request: 'b', timestamp: 'not a time' }),
    ].join('\n')}\n`,
  )
  const env = { home: dir.path, claudeDir }
  const first = await runCli(['import', '--verbose'], env)
  expect(first.exitCode).toBe(0)
  expect(first.stderr).toContain(`skipped ${file}:3: invalid-json`)
  expect(first.stderr).toContain(`skipped ${file}:4: invalid-timestamp`)

  appendFileSync(file, `${assistantLine({ session: 's1', request: 'c', timestamp: at(2) })}\n[1,2]\n`)
  const second = await runCli(['import', '--verbose', '--json'], env)
  const summary = JSON.parse(second.stdout) as { skippedLines: unknown[] }
  expect(summary.skippedLines).toEqual([{ path: file, line: 6, reason: 'invalid-json' }])
  expect(second.stderr).toContain(`skipped ${file}:6: invalid-json`)

  // Without --verbose the JSON keeps its fields and names no lines.
  const quiet = JSON.parse((await runCli(['import', '--json'], env)).stdout) as Record<string, unknown>
  expect(Object.keys(quiet)).not.toContain('skippedLines')
})

test('import and report with no history say which folders they searched and what to do', async () => {
  const empty = join(dir.path, 'empty')
  mkdirSync(empty)
  const env = { home: join(dir.path, 'h2'), claudeDir: `${empty},${join(dir.path, 'missing')}` }
  const searched = `No Claude Code transcripts found in ${join(empty, 'projects')}, ${join(dir.path, 'missing', 'projects')}.`
  const imported = await runCli(['import'], env)
  expect(imported.exitCode).toBe(0)
  expect(imported.stderr).toContain(searched)
  expect(imported.stderr).toContain('CLAUDE_CONFIG_DIR')
  const report = await runCli(['report', 'daily'], env)
  expect(report.stdout).toBe('No usage found for this selection.\n')
  expect(report.stderr).toContain(searched)
  const stored = await runCli(['report', 'monthly', '--no-import', '--json'], env)
  expect(JSON.parse(stored.stdout).monthly).toEqual([])
  expect(stored.stderr).toContain('Nothing is stored yet: run context-cleaner import')
})

test('a report on a store with data but none in range says only that', async () => {
  const env = { home: join(dir.path, 'h3'), claudeDir: join(import.meta.dir, '..', 'fixtures', 'history') }
  const r = await runCli(['report', 'daily', '--since', '20200101', '--until', '20200102'], env)
  expect([r.stdout, r.stderr]).toEqual(['No usage found for this selection.\n', ''])
})
