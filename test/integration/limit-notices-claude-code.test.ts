// Acceptance: the real Claude Code CLI is refused by a plan limit (a 429 with the rate-limit headers
// the Messages API sends) and writes its "You've hit your … limit · resets …" notice into the
// transcript; `report limits --json` must then count that hit, with the window and reset it was sent.
//
// Claude Code words a refusal as a plan limit only for accounts with plan limits: claude.ai logins, or
// a gateway, which it recognises by an ANTHROPIC_AUTH_TOKEN whose JWT audience is `claude-gateway`
// (the token is only decoded, never verified). Retries are turned off so the refusal ends the turn.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createSandbox, runClaude, type Sandbox } from '../helpers/claude-code.ts'
import { runCliJson, type TempDir, tempDir } from '../helpers/cli.ts'
import { type FakeAnthropic, type FakeTurn, startFakeAnthropic, usage } from '../helpers/fake-anthropic.ts'

setDefaultTimeout(120_000)

const now = Math.floor(Date.now() / 1000)
const fiveHourReset = now + 3 * 3600
const weeklyReset = now + 4 * 86400

function refusal(claim: string, resetsAt: number): FakeTurn {
  return {
    usage: usage(0, 0),
    content: [],
    error: {
      status: 429,
      body: {
        type: 'error',
        error: {
          type: 'rate_limit_error',
          message: "This request would exceed your account's rate limit. Please try again later.",
        },
      },
      headers: {
        'anthropic-ratelimit-unified-status': 'rejected',
        'anthropic-ratelimit-unified-reset': String(resetsAt),
        'anthropic-ratelimit-unified-representative-claim': claim,
        'x-should-retry': 'false',
      },
    },
  }
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
const gatewayEnv = {
  ANTHROPIC_API_KEY: '',
  ANTHROPIC_AUTH_TOKEN: `${b64({ alg: 'none' })}.${b64({ aud: 'claude-gateway', exp: now + 86400 })}.x`,
  CLAUDE_CODE_MAX_RETRIES: '0',
  TZ: 'Europe/Berlin',
}

interface Report {
  fiveHour: { usedPercentage: number; resetsAt: string; source: string } | null
  sevenDay: { usedPercentage: number; resetsAt: string; source: string } | null
  hits: { window: string; resetsAt: string; source: string }[]
}

let fake: FakeAnthropic
let sandbox: Sandbox
let home: TempDir
const results: string[] = []

beforeAll(async () => {
  fake = startFakeAnthropic({
    turns: [
      { usage: usage(900, 40), content: [{ type: 'text', text: 'Hello.' }] },
      refusal('five_hour', fiveHourReset),
      refusal('seven_day', weeklyReset),
    ],
  })
  sandbox = createSandbox()
  home = tempDir('cc-limit-acceptance-')
  for (const prompt of ['hi', 'more', 'again']) {
    const run = await runClaude({ prompt, baseUrl: fake.url, sandbox, env: gatewayEnv, timeoutMs: 60_000 })
    results.push(typeof run.result?.result === 'string' ? run.result.result : '')
  }
})

afterAll(async () => {
  await fake.stop()
  sandbox.cleanup()
  home.cleanup()
})

describe('limit notices written by the real Claude Code', () => {
  test('Claude Code told the user it hit each limit', () => {
    expect(results[1]).toStartWith("You've hit your 5-hour limit · resets ")
    expect(results[2]).toStartWith("You've hit your weekly limit · resets ")
  })

  test('report limits --json counts both hits with the windows and resets the API sent', async () => {
    const env = { home: home.path, claudeDir: sandbox.configDir }
    const report = await runCliJson<Report>(['report', 'limits', '--json'], env)
    expect(report.hits.map((h) => [h.window, h.resetsAt, h.source])).toEqual([
      ['five_hour', new Date(fiveHourReset * 1000).toISOString(), 'transcript'],
      ['seven_day', new Date(weeklyReset * 1000).toISOString(), 'transcript'],
    ])
    expect(report.fiveHour).toMatchObject({ usedPercentage: 100, source: 'transcript' })
    expect(report.sevenDay).toMatchObject({ usedPercentage: 100, source: 'transcript' })
  })
})
