import { expect, test } from 'bun:test'
import { countOf } from '../format.ts'
import { ServicesContent } from './services-page.tsx'

test('the last health check reads as how long ago, with the exact time in its title', async () => {
  const checked = '2026-03-10T14:59:56.000Z'
  const service = {
    name: 'collector',
    state: 'running',
    pid: 2,
    port: 4318,
    restarts: 0,
    lastHealthCheck: checked,
    rssBytes: null,
    cpuPercent: null,
    memoryLimitBytes: null,
    warning: null,
    lastError: null,
  }
  const html = String(
    await ServicesContent({
      snapshot: {
        running: true,
        supervisor: { ...service, name: 'supervisor' },
        services: [service],
        logs: [],
        history: [],
      },
      csrfToken: 't',
      message: null,
      now: Date.parse('2026-03-10T15:00:00Z'),
    }),
  )
  expect(html).toContain(`<time datetime="${checked}" title="${checked}">4s ago</time>`)
  expect(html).not.toContain(`>${checked}<`)
})

test.each([
  [1, '1 row'],
  [2, '2 rows'],
  [1000, '1,000 rows'],
])('%p rows', (n, text) => {
  expect(countOf(n, 'row')).toBe(text)
})
