/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { describe, expect, it } from 'bun:test'
import type { LimitsReport, WindowReport } from '../../src/analytics/rate-limit-report.ts'
import { formatUntil, type LimitsData, limitsView } from './limits-page.tsx'

const NOW = Date.parse('2026-03-10T15:00:00Z')
const evil = '<script>alert(1)</script>'

const none = { fiveHour: null, sevenDay: null, spendLimit: null, sevenDayOpus: null, sevenDaySonnet: null }
const empty: LimitsReport = { ...none, hits: [], exchangeRates: { ...none } }

function window(extra: Partial<WindowReport>): WindowReport {
  return {
    window: 'five_hour',
    usedPercentage: 42,
    resetsAt: '2026-03-10T17:30:00.000Z',
    observedAt: '2026-03-10T14:55:00.000Z',
    source: 'statusline',
    usedUsd: null,
    limitUsd: null,
    period: null,
    projection: { percentPerHour: 12, percentAtReset: 72, limitReachedAt: null },
    usageSinceUsd: 0,
    estimatedNowPercentage: null,
    ...extra,
  }
}

function render(data: Partial<LimitsData>): string {
  const { Content } = limitsView
  return String(
    <Content
      data={{ now: NOW, report: empty, history: [], hits: [], anyReadings: true, ...data }}
      state={{ range: '30d' }}
      timezone="UTC"
    />,
  )
}

describe('Limits page', () => {
  it('tells how to start when there are no readings at all', () => {
    const html = render({ anyReadings: false })
    expect(html).toContain('No readings yet')
    expect(html).toContain('context-cleaner setup claude --statusline')
    expect(html).not.toContain('gauge-bar')
  })

  it('draws a gauge per window with used %, time to reset and projection', () => {
    const html = render({
      report: {
        ...empty,
        fiveHour: window({}),
        sevenDay: window({
          window: 'seven_day',
          usedPercentage: 95,
          resetsAt: '2026-03-13T19:00:00.000Z',
          projection: { percentPerHour: 2, percentAtReset: 180, limitReachedAt: '2026-03-10T17:30:00.000Z' },
        }),
      },
      history: [
        {
          name: '5-hour',
          points: [
            { x: NOW - 3_600_000, y: 30 },
            { x: NOW, y: 42 },
          ],
        },
      ],
    })
    const five = html.slice(html.indexOf('id="gauge-fiveHour"'), html.indexOf('id="gauge-sevenDay"'))
    expect(five).toContain('42%')
    expect(five).toContain('Resets in 2 h 30 min (2026-03-10 17:30)')
    expect(five).toContain('About 72% at reset (12.0%/h)')
    expect(five).toContain('class="gauge-bar low"')
    expect(five).toContain('width="42"')
    const seven = html.slice(html.indexOf('id="gauge-sevenDay"'), html.indexOf('id="gauge-spendLimit"'))
    expect(seven).toContain('Resets in 3 d 4 h')
    expect(seven).toContain('reaches 100% at 2026-03-10 17:30')
    expect(seven).toContain('class="gauge-bar high"')
    const spend = html.slice(html.indexOf('id="gauge-spendLimit"'))
    expect(spend).toContain('No readings yet')
    expect(html).toContain('<polyline')
    expect(html).toContain('No limit reached in this range.')
  })

  it('caps the bar at 100% and says when a projection needs more readings', () => {
    const html = render({ report: { ...empty, fiveHour: window({ usedPercentage: 130, projection: null }) } })
    expect(html).toContain('width="100"')
    expect(html).toContain('No projection yet')
  })

  it('lists limit hits, newest first', () => {
    const html = render({
      hits: [
        { window: 'five_hour', reachedAt: '2026-03-01T10:00:00.000Z', resetsAt: null, source: 'transcript' },
        {
          window: 'seven_day',
          reachedAt: '2026-03-08T10:00:00.000Z',
          resetsAt: '2026-03-09T00:00:00.000Z',
          source: 'statusline',
        },
      ],
    })
    const rows = html.slice(html.indexOf('id="limit-hits"'))
    expect(rows.indexOf('2026-03-08 10:00')).toBeLessThan(rows.indexOf('2026-03-01 10:00'))
    expect(rows).toContain('7-day')
    expect(rows).toContain('transcript')
  })

  it('shows the Opus and Sonnet weekly gauges only once a notice named them', () => {
    expect(render({})).not.toContain('Opus 7-day limit')
    const html = render({
      report: {
        ...empty,
        sevenDayOpus: window({ window: 'seven_day_opus', usedPercentage: 100, source: 'transcript' }),
      },
      hits: [
        {
          window: 'seven_day_opus',
          reachedAt: '2026-03-08T10:00:00.000Z',
          resetsAt: null,
          source: 'transcript',
        },
      ],
    })
    expect(html).toContain('Opus 7-day limit')
    expect(html).not.toContain('Sonnet 7-day limit')
    expect(html.slice(html.indexOf('id="limit-hits"'))).toContain('Opus 7-day')
  })

  it('escapes what the statusline handed in', () => {
    const html = render({
      report: {
        ...empty,
        spendLimit: window({ window: 'spend_limit', usedUsd: 12, limitUsd: 50, period: evil }),
      },
      history: [{ name: evil, points: [{ x: NOW, y: 24 }] }],
    })
    expect(html).not.toContain(evil)
    expect(html).toContain('$12.00 of $50.00 (&lt;script&gt;')
  })
})

describe('formatUntil', () => {
  it.each([
    [0, 'now'],
    [-5, 'now'],
    [45, '45 min'],
    [125, '2 h 05 min'],
    [60 * 30, '1 d 6 h'],
  ])('%p minutes reads %s', (minutes, text) => {
    expect(formatUntil(NOW + minutes * 60_000, NOW)).toBe(text)
  })
})
