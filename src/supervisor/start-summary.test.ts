import { expect, it } from 'bun:test'
import { type ProcessStatus, unsampled } from './protocol.ts'
import { summarizeStart } from './start-summary.ts'

const service = (
  name: string,
  state: string,
  port: number | null,
  lastError: string | null = null,
): ProcessStatus => ({
  name,
  pid: port === null ? null : 10,
  port,
  state,
  restarts: 0,
  lastHealthCheck: null,
  lastError,
  ...unsampled,
})

it('lists each service, points out a moved port and gives the dashboard URL', () => {
  const summary = summarizeStart(
    [
      service('ingest', 'running', 4000),
      service('collector', 'running', 4319),
      service('dashboard', 'running', 8110),
    ],
    '0.0.0.0',
    { collector: 4318, dashboard: 8110 },
  )
  expect(summary).toEqual({
    lines: [
      { level: 'info', text: 'ingest running on port 4000 (pid 10)' },
      { level: 'warn', text: 'collector: port 4318 is taken by another program; using 4319' },
      { level: 'info', text: 'collector running on port 4319 (pid 10)' },
      { level: 'info', text: 'dashboard running on port 8110 (pid 10)' },
    ],
    url: 'http://127.0.0.1:8110/',
    failed: false,
  })
})

it('reports skipped and failed services and gives no URL without a dashboard', () => {
  const summary = summarizeStart(
    [
      service('collector', 'failed', null, 'boom'),
      service('dashboard', 'skipped', null, 'not in this build'),
    ],
    '127.0.0.1',
    {},
  )
  expect(summary).toEqual({
    lines: [
      { level: 'error', text: 'collector failed: boom' },
      { level: 'warn', text: 'dashboard skipped: not in this build' },
    ],
    url: null,
    failed: true,
  })
})

it('puts the access token in the dashboard URL', () => {
  const summary = summarizeStart([service('dashboard', 'running', 8111)], '127.0.0.1', {}, 'abc_DEF-123')
  expect(summary.url).toBe('http://127.0.0.1:8111/?token=abc_DEF-123')
})
