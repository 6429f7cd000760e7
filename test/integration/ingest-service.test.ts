// The ingest service's HTTP surface, as a real `serve ingest` process over loopback: health with the
// import's status, an import on request, and clear answers for a wrong method or an unknown path.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { pinnedEnv, repoRoot, type TempDir, tempDir } from '../helpers/cli.ts'
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.ts'
import { waitFor } from '../helpers/supervisor.ts'

interface IngestHealth {
  ok: boolean
  service: string
  imports: number
  lastError: string | null
  lastSummary: { newRequests: number } | null
}

describe('serve ingest', () => {
  let home: TempDir
  let ingest: ServiceProcess

  beforeAll(async () => {
    home = tempDir('cc-ingest-')
    ingest = await startServiceProcess(
      'ingest',
      pinnedEnv({ home: home.path, claudeDir: join(repoRoot, 'test', 'fixtures', 'history') }),
    )
  })

  afterAll(async () => {
    await ingest.stop()
    home.cleanup()
  })

  const health = async () => (await (await fetch(`${ingest.url}/healthz`)).json()) as IngestHealth

  test('healthz says the first import ran and what it found', async () => {
    expect(await health()).toMatchObject({
      ok: true,
      service: 'ingest',
      imports: 1,
      lastError: null,
      lastSummary: { newRequests: 6 },
    })
  })

  test('POST /import runs another import', async () => {
    const before = (await health()).imports
    const res = await fetch(`${ingest.url}/import`, { method: 'POST' })
    expect([res.status, await res.json()]).toEqual([200, { ok: true }])
    await waitFor(async () => (await health()).imports > before, 'a second import')
    expect((await health()).lastSummary?.newRequests).toBe(0)
  })

  test.each([
    ['GET', '/import', 405, 'POST'],
    ['DELETE', '/healthz', 405, 'GET'],
    ['GET', '/nope', 404, null],
    ['POST', '/v1/logs', 404, null],
  ])('%s %s answers %d', async (method, path, status, allow) => {
    const res = await fetch(`${ingest.url}${path}`, { method })
    expect([res.status, res.headers.get('allow')]).toEqual([status, allow])
  })
})
