import { afterAll, expect, it } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { composeFileOnDisk } from './docker.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'cc-compose-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

it('uses compose/docker-compose.yml in place when run from source', () => {
  expect(composeFileOnDisk(dataDir, false)).toBe(
    join(import.meta.dir, '..', '..', 'compose', 'docker-compose.yml'),
  )
})

it('writes the carried compose file beside the data when built, keeping the project name', () => {
  const file = composeFileOnDisk(dataDir, true)
  expect(file).toBe(join(dataDir, 'compose', 'docker-compose.yml'))
  expect(readFileSync(file, 'utf8')).toBe(readFileSync(composeFileOnDisk(dataDir, false), 'utf8'))
  expect(readFileSync(file, 'utf8')).toContain('clickhouse/clickhouse-server')
})
