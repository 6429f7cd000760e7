import { afterEach, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertSessionIdle } from './session-activity.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function transcriptChangedAt(at: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-activity-'))
  dirs.push(dir)
  const path = join(dir, 's.jsonl')
  writeFileSync(path, '{}\n')
  utimesSync(path, at / 1000, at / 1000)
  return path
}

const check = (path: string, now: number, minIdleMs: number) => () =>
  assertSessionIdle({ path, sessionId: 's', claudeDirs: [], minIdleMs, now, incompleteTail: false })

it('with no idle time asked for, a transcript written in the same millisecond (its mtime past now) passes', () => {
  const now = 1_800_000_000_000
  expect(check(transcriptChangedAt(now + 0.7), now, 0)).not.toThrow()
})

it('refuses a transcript changed within the idle time, and passes one idle for longer', () => {
  const now = 1_800_000_000_000
  expect(check(transcriptChangedAt(now - 2_000), now, 10_000)).toThrow(
    'Session s changed 2 s ago; wait until it has been idle for 10 s (or pass --min-idle)',
  )
  expect(check(transcriptChangedAt(now - 11_000), now, 10_000)).not.toThrow()
})
