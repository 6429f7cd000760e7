import { describe, expect, it } from 'bun:test'
import { renderStatusLine, type StatusFigures, type StatusStyle, tokens } from './render-statusline.ts'

const now = Date.UTC(2026, 11, 4, 12, 0, 0)
const plain: StatusStyle = { color: false, contextLow: 50, contextMedium: 80, limitLow: 50, limitMedium: 80 }
const figures: StatusFigures = {
  model: 'Opus',
  sessionCostClaude: 1.5,
  sessionCostOurs: 1.42,
  todayCost: 12.3,
  block: { costUsd: 4.2, costPerHour: 2.1, endsAt: now + 2 * 3_600_000 + 5 * 60_000 },
  contextPercent: 64.4,
  limits: [
    { window: 'five_hour', usedPercentage: 32, resetsAt: now + 80 * 60_000 },
    { window: 'seven_day', usedPercentage: 91, resetsAt: now + 3 * 86_400_000 + 4 * 3_600_000 },
  ],
  cacheExpiresAt: now + 192_000,
  cleaning: { tokensSaved: 42_310, savingPerRequest: 0.0127 },
}

describe('renderStatusLine', () => {
  it('shows every segment, both session costs when they differ', () => {
    expect(renderStatusLine(figures, plain, now)).toBe(
      'Opus │ $1.50 session (ours $1.42) │ $12.30 today │ $4.20 block $2.10/h 2h05m left │ ctx 64% │ 5h 32% ↻1h20m │ 7d 91% ↻3d4h │ cache 3m │ clean −42k tok $0.01/req',
    )
  })

  it('shows one session cost when they agree, leaves out what is unknown', () => {
    const line = renderStatusLine(
      {
        ...figures,
        sessionCostOurs: 1.501,
        todayCost: null,
        block: { ...figures.block!, costPerHour: null },
        limits: [],
        cacheExpiresAt: now - 1,
        cleaning: null,
      },
      plain,
      now,
    )
    expect(line).toBe('Opus │ $1.50 session │ $4.20 block 2h05m left │ ctx 64% │ cache cold')
  })

  it('colours context and limits by the thresholds given', () => {
    const line = renderStatusLine(
      { ...figures, contextPercent: 30 },
      { ...plain, color: true, contextLow: 20, contextMedium: 40 },
      now,
    )
    expect(line).toContain('ctx \x1b[33m30%\x1b[0m')
    expect(line).toContain('5h \x1b[32m32%\x1b[0m')
    expect(line).toContain('7d \x1b[31m91%\x1b[0m')
  })

  it('gives a saving under a cent with four decimals', () => {
    const line = renderStatusLine(
      { ...figures, cleaning: { tokensSaved: 5140, savingPerRequest: 0.001542 } },
      plain,
      now,
    )
    expect(line).toEndWith(' │ clean −5.1k tok $0.0015/req')
  })

  it.each([
    [950, '950'],
    [5140, '5.1k'],
    [42_310, '42k'],
    [1_250_000, '1.3M'],
  ])('tokens(%p) is %p', (n, text) => {
    expect(tokens(n)).toBe(text)
  })
})
