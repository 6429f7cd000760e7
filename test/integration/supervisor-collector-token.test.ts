// `run --collector-token`: the supervisor hands the token to the collector it spawns (in its
// environment, not on its command line), and the collector then wants it.

import { afterEach, beforeEach, expect, setDefaultTimeout, test } from 'bun:test'
import { commandLine } from '../../src/supervisor/process-info.ts'
import { freePort } from '../helpers/free-port.ts'
import { byName, leftovers, makeHome, nothingLeft, pidOf, type TestHome } from '../helpers/supervisor.ts'

setDefaultTimeout(60_000)
const TOKEN = 'team-token-0123456789abcdef'
let home: TestHome

beforeEach(() => {
  home = makeHome()
})

afterEach(async () => {
  await home.cli(['stop'])
  expect(leftovers(home, [])).toEqual(nothingLeft)
  home.cleanup()
})

test('run --collector-token: the supervised collector requires the token and stays healthy', async () => {
  const collectorPort = freePort()
  const ports = ['--port', String(freePort()), '--collector-port', String(collectorPort)]
  expect((await home.cli(['run', ...ports, '--collector-token', TOKEN])).exitCode).toBe(0)
  const post = (headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${collectorPort}/v1/logs`, {
      method: 'POST',
      body: '{"resourceLogs":[]}',
      headers: { 'content-type': 'application/json', ...headers },
    })

  expect([(await post({})).status, (await post({ authorization: `Bearer ${TOKEN}` })).status]).toEqual([
    401, 200,
  ])
  const collector = byName(await home.status(), 'collector')
  expect(collector.state).toBe('running')
  expect(commandLine(pidOf(collector))).not.toContain(TOKEN)
})
