import { describe, expect, it } from 'bun:test'
import { formatMetricValue } from './telemetry-page.tsx'

describe('formatMetricValue', () => {
  it.each([
    ['claude_code.cost.usage', 0.02763, '$0.03'],
    ['claude_code.cost.usage', 12.5, '$12.50'],
    ['claude_code.active_time.total', 1.1, '1.1 s'],
    ['claude_code.token.usage', 25400, '25,400'],
    ['claude_code.lines_of_code.count', 2.5, '2.5'],
  ])('%s %p reads %s', (name, value, text) => {
    expect(formatMetricValue(name, value)).toBe(text)
  })
})
