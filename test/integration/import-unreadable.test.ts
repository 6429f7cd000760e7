// Unreadable files and folders are skipped, counted and named, not fatal. Root reads everything, so
// the import runs as `nobody` (setpriv, util-linux) against files that user may not read.

import { afterAll, expect, test } from 'bun:test'
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, tempDir } from '../helpers/cli.ts'
import { assistantLine } from '../helpers/transcript-lines.ts'

const NOBODY = 65534
const dir = tempDir('cc-unreadable-')
afterAll(() => dir.cleanup())

test('unreadable transcripts and folders are reported, readable ones still import', async () => {
  chmodSync(dir.path, 0o755)
  const projects = join(dir.path, 'claude', 'projects')
  mkdirSync(join(projects, 'ok'), { recursive: true })
  mkdirSync(join(projects, 'locked'), { recursive: true })
  mkdirSync(join(dir.path, 'home'))
  chownSync(join(dir.path, 'home'), NOBODY, NOBODY)
  const T = '2026-11-20T10:00:00.000Z'
  writeFileSync(
    join(projects, 'ok', 'good.jsonl'),
    `${assistantLine({ session: 's', request: 'a', timestamp: T })}\n`,
  )
  writeFileSync(
    join(projects, 'ok', 'secret.jsonl'),
    `${assistantLine({ session: 's', request: 'b', timestamp: T })}\n`,
  )
  chmodSync(join(projects, 'ok', 'secret.jsonl'), 0o000)
  chmodSync(join(projects, 'locked'), 0o000)

  const proc = Bun.spawn(
    [
      'setpriv',
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      process.execPath,
      join(repoRoot, 'src/cli/main.ts'),
      'import',
      '--json',
    ],
    {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: join(dir.path, 'home'),
        CONTEXT_CLEANER_HOME: join(dir.path, 'home', 'cc'),
        CLAUDE_CONFIG_DIR: join(dir.path, 'claude'),
      },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  )
  const summary = JSON.parse(await new Response(proc.stdout).text())
  expect(await proc.exited).toBe(0)
  expect(summary).toMatchObject({ files: 2, filesRead: 1, newRequests: 1, skipped: { 'unreadable-file': 1 } })
  expect(summary.unreadable.sort()).toEqual([join(projects, 'locked'), join(projects, 'ok', 'secret.jsonl')])
})
