// When the collector's port is taken, `run` moves the collector to the next free one. Then `setup claude`
// writes the port it really has, and `run` and `doctor` warn while Claude Code points elsewhere.

import { afterAll, expect, setDefaultTimeout, test } from 'bun:test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from '../helpers/free-port.ts'
import { byName, leftovers, makeHome, nothingLeft, processesOfHome } from '../helpers/supervisor.ts'

setDefaultTimeout(60_000)
const home = makeHome()
const blocker = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
afterAll(async () => {
  await home.cli(['stop'])
  blocker.stop(true)
  expect({ processes: processesOfHome(home), ...leftovers(home, []) }).toEqual({
    processes: [],
    ...nothingLeft,
  })
  home.cleanup()
})

const settingsPath = join(home.claudeDir, 'settings.json')
const telemetryCheck = async () => {
  const checks = JSON.parse((await home.cli(['doctor', '--json'])).stdout) as {
    name: string
    level: string
    detail: string
  }[]
  return checks.find((c) => c.name === 'telemetry')
}

test('setup claude uses the running collector port; run and doctor warn while settings point elsewhere', async () => {
  const taken = blocker.port
  // Claude Code was set up for the configured port before.
  writeFileSync(
    settingsPath,
    JSON.stringify({
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${taken}`,
      },
    }),
  )
  const run = await home.cli(['run', '--port', String(freePort()), '--collector-port', String(taken)])
  expect(run.exitCode).toBe(0)
  const moved = byName(await home.status(), 'collector').port
  expect(moved).not.toBe(taken)
  expect(run.stderr).toContain(`the endpoint http://127.0.0.1:${taken} is not the collector's port ${moved}`)
  expect(run.stderr).toContain('context-cleaner setup claude')

  expect(await telemetryCheck()).toMatchObject({
    level: 'warn',
    detail: expect.stringContaining(`is not the collector's port ${moved}`),
  })

  const setup = await home.cli(['setup', 'claude'], { CONTEXT_CLEANER_COLLECTOR_PORT: String(taken) })
  expect(setup.exitCode).toBe(0)
  const written = JSON.parse(readFileSync(settingsPath, 'utf8')) as { env: Record<string, string> }
  expect(written.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(`http://127.0.0.1:${moved}`)
  expect(setup.stderr).toContain(`The collector runs on port ${moved} (not ${taken})`)

  expect(await telemetryCheck()).toMatchObject({
    level: 'ok',
    detail: expect.stringContaining(`http://127.0.0.1:${moved}`),
  })
})
