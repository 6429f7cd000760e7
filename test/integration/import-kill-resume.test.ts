// Killing an import at any moment and running it again gives exactly the totals of one clean run.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pinnedEnv, repoRoot, runCliJson, type TempDir, tempDir } from '../helpers/cli.ts'
import { assistantLine, userLine } from '../helpers/transcript-lines.ts'

let dir: TempDir
let claudeDir: string
const FILES = 30
const PER_FILE = 2500

beforeAll(() => {
  dir = tempDir('cc-kill-')
  claudeDir = join(dir.path, 'claude')
  const pad = 'p'.repeat(400)
  for (let f = 0; f < FILES; f++) {
    const project = join(claudeDir, 'projects', `-home-dev-p${f % 4}`)
    mkdirSync(project, { recursive: true })
    const lines: string[] = []
    for (let i = 0; i < PER_FILE; i++) {
      const ts = new Date(Date.UTC(2026, 9, 1) + (f * PER_FILE + i) * 60_000).toISOString()
      const a = assistantLine({
        session: `s${f}`,
        request: `${f}_${i}`,
        timestamp: ts,
        input: i,
        output: f + 1,
      })
      lines.push(userLine(`s${f}`, pad, ts), a, a)
    }
    writeFileSync(join(project, `s${f}.jsonl`), `${lines.join('\n')}\n`)
  }
})
afterAll(() => dir.cleanup())

function checkpoints(home: string): number {
  const path = join(home, '.context-cleaner', 'data', 'context-cleaner.db')
  if (!existsSync(path)) return 0
  const db = new Database(path, { readonly: true })
  db.exec('PRAGMA busy_timeout = 5000')
  // Until the importer has migrated the new database there is nothing to count.
  const migrated =
    (db.query<{ user_version: number }, []>('PRAGMA user_version').get()?.user_version ?? 0) > 0
  const n = migrated
    ? (db.query<{ n: number }, []>('SELECT count(*) AS n FROM import_checkpoints').get()?.n ?? 0)
    : 0
  db.close()
  return n
}

/** Starts an import and SIGKILLs it once it has committed at least `after` file checkpoints. */
async function killMidImport(home: string, after: number): Promise<unknown> {
  const proc = Bun.spawn(['bun', join(repoRoot, 'src/cli/main.ts'), 'import', '--json'], {
    env: pinnedEnv({ home, claudeDir }),
    stdout: 'ignore',
    stderr: 'ignore',
  })
  while (checkpoints(home) < after && proc.exitCode === null) await Bun.sleep(5)
  proc.kill('SIGKILL')
  await proc.exited
  return proc.signalCode
}

const report = (home: string) =>
  runCliJson<{ totals: Record<string, number> }>(['report', 'monthly', '--json', '--no-import'], {
    home,
    claudeDir,
  })

test('kill -9 mid-import, resume, and the totals equal one clean run', async () => {
  const clean = join(dir.path, 'clean')
  await runCliJson(['import', '--json'], { home: clean, claudeDir })
  const expected = await report(clean)
  expect(expected.totals.inputTokens).toBe(FILES * ((PER_FILE * (PER_FILE - 1)) / 2))

  const killed = join(dir.path, 'killed')
  const signals = [
    await killMidImport(killed, 1),
    await killMidImport(killed, 8),
    await killMidImport(killed, 16),
  ]
  expect(signals).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL'])
  expect(checkpoints(killed)).toBeLessThan(FILES + 1)
  const resumed = await runCliJson<{ newRequests: number }>(['import', '--json'], { home: killed, claudeDir })
  expect(resumed.newRequests).toBeGreaterThan(0)
  expect(await report(killed)).toEqual(expected)
})
