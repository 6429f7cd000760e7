import { afterAll, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../test/helpers/cli.ts'
import { startFakeAnthropic } from '../../test/helpers/fake-anthropic.ts'
import { countExactTokens } from './count-tokens.ts'

const dir = tempDir('cc-count-')
const fake = startFakeAnthropic({ turns: [] })
afterAll(async () => {
  await fake.stop()
  dir.cleanup()
})

const items = [
  { key: '3:0', text: 'x'.repeat(400) },
  { key: '9:1', text: 'y'.repeat(4000) },
  {
    key: 'system-and-tools',
    system: [{ type: 'text', text: 'You are Claude Code.' }],
    tools: [{ name: 'Read' }],
  },
]

test('counts through the endpoint, caches on disk, and a second run sends nothing', async () => {
  const cachePath = join(dir.path, 'cache', 'token-counts.jsonl')
  const sleeps: number[] = []
  let clock = 0
  const config = {
    apiKey: 'sk-test',
    baseUrl: fake.url,
    model: 'claude-sonnet-4-5',
    cachePath,
    requestsPerMinute: 600,
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      clock += ms
    },
  }
  const first = await countExactTokens(items, config)
  // The stand-in counts a request body as its JSON length / 4; the probe message is subtracted.
  expect([...first.counts]).toEqual([
    ['3:0', 100],
    ['9:1', 1000],
    ['system-and-tools', 14],
  ])
  expect(first).toMatchObject({ requested: 4, fromCache: 0 })
  // 600 a minute: one request every 100 ms.
  expect(sleeps).toEqual([100, 100, 100])
  const counted = fake.requests.filter((r) => r.path === '/v1/messages/count_tokens')
  expect(counted).toHaveLength(4)
  expect(counted[0]?.headers['x-api-key']).toBe('sk-test')
  expect(counted[0]?.headers['anthropic-version']).toBe('2023-06-01')
  expect(readFileSync(cachePath, 'utf8').trim().split('\n')).toHaveLength(4)

  const second = await countExactTokens(items, config)
  expect(second.counts).toEqual(first.counts)
  expect(second).toMatchObject({ requested: 0, fromCache: 4 })
  expect(fake.requests.filter((r) => r.path === '/v1/messages/count_tokens')).toHaveLength(4)
})

test('waits out a 429 as told by retry-after, and gives up on other errors', async () => {
  const statuses = [429, 200, 400]
  const sleeps: number[] = []
  const config = {
    apiKey: 'k',
    baseUrl: 'http://example.invalid',
    model: 'm',
    cachePath: join(dir.path, 'retry.jsonl'),
    requestsPerMinute: 60_000,
    sleep: async (ms: number) => {
      sleeps.push(ms)
    },
    fetch: async () => {
      const status = statuses.shift() ?? 500
      return status === 200
        ? Response.json({ input_tokens: 7 })
        : new Response('{"error":"slow down"}', { status, headers: { 'retry-after': '3' } })
    },
  }
  await expect(countExactTokens([{ key: 'a', text: 'abc' }], config)).rejects.toMatchObject({
    code: 'count-tokens-failed',
    message: 'Token counting failed (HTTP 400): {"error":"slow down"}',
  })
  expect(sleeps).toContain(3000)
})
