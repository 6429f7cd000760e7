// Several processes opening a new embedded store at the same moment (two first imports): each must
// migrate it or see it migrated, never fail with "table ... already exists".

import { Database } from 'bun:sqlite'
import { afterEach, expect, test } from 'bun:test'
import { join } from 'node:path'
import { migrations } from '../../src/store/sqlite/migrations.ts'
import { repoRoot, type TempDir, tempDir } from '../helpers/cli.ts'

const dirs: TempDir[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup()
})

const opener = join(repoRoot, 'test', 'fixtures', 'store', 'open-store-at.ts')

async function openTogether(path: string, processes: number): Promise<string[]> {
  // Far enough ahead for every process to have started Bun and loaded the store.
  const startAt = Date.now() + 1500
  const children = Array.from({ length: processes }, () =>
    Bun.spawn(['bun', opener, path, String(startAt)], { stdout: 'ignore', stderr: 'pipe', stdin: 'ignore' }),
  )
  return Promise.all(
    children.map(async (child) => `${await child.exited} ${await new Response(child.stderr).text()}`.trim()),
  )
}

test('four processes migrating one new store at once all succeed, five times over', async () => {
  const dir = tempDir('cc-migrate-race-')
  dirs.push(dir)
  const outcomes: string[] = []
  for (let round = 0; round < 5; round++) {
    const path = join(dir.path, `store-${round}.db`)
    outcomes.push(...(await openTogether(path, 4)))
    const db = new Database(path, { readonly: true })
    expect(db.query('PRAGMA user_version').get()).toEqual({ user_version: migrations.length })
    db.close()
  }
  expect(outcomes).toEqual(Array.from({ length: 20 }, () => '0'))
})
