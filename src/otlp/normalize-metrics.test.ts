import { describe, expect, test } from 'bun:test'
import { accepted, otlpFixtures } from '../../test/helpers/otlp-fixtures.ts'
import { sumPayload } from '../../test/helpers/otlp-payloads.ts'
import { defaultNormalizeLimits } from './normalize-common.ts'
import { normalizeMetrics } from './normalize-metrics.ts'

describe('normalizeMetrics on genuine Claude Code payloads', () => {
  test.each(['json', 'protobuf'] as const)('%s: delta sums with their attributes', async (name) => {
    const result = accepted(normalizeMetrics(await otlpFixtures[name]('metrics'), defaultNormalizeLimits))
    expect(result.rejected).toBe(0)
    const points = result.batch.metrics
    expect(new Set(points.map((p) => p.name))).toEqual(
      new Set([
        'claude_code.session.count',
        'claude_code.lines_of_code.count',
        'claude_code.cost.usage',
        'claude_code.token.usage',
        'claude_code.code_edit_tool.decision',
        'claude_code.active_time.total',
      ]),
    )
    expect(points.every((p) => p.kind === 'sum' && p.temporality === 'delta' && p.monotonic)).toBe(true)
    const tokens = points.filter((p) => p.name === 'claude_code.token.usage')
    expect(new Set(tokens.map((p) => p.type))).toEqual(
      new Set(['input', 'output', 'cacheRead', 'cacheCreation']),
    )
    expect(tokens.every((p) => p.sessionId !== null && p.userId !== null && p.model !== null)).toBe(true)
    // Each point of a series has one identity, and different attributes make different series.
    expect(new Set(tokens.map((p) => p.series)).size).toBe(tokens.length)
  })
})

describe('normalizeMetrics', () => {
  test('temporality is read from the enum, as a number or its name', () => {
    const delta = sumPayload('m', 1, [{ value: 1, startMs: 1, timeMs: 2 }])
    const cumulative = sumPayload('m', 2, [{ value: 1, startMs: 1, timeMs: 2 }])
    const named = JSON.parse(
      JSON.stringify(cumulative).replace(
        '"aggregationTemporality":2',
        '"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE"',
      ),
    )
    const read = (doc: unknown) => {
      return accepted(normalizeMetrics(doc, defaultNormalizeLimits)).batch.metrics[0]?.temporality
    }
    expect([read(delta), read(cumulative), read(named)]).toEqual(['delta', 'cumulative', 'cumulative'])
  })

  test('attribute order does not change the series', () => {
    const a = sumPayload('m', 1, [{ value: 1, startMs: 1, timeMs: 2, attributes: { x: '1', y: '2' } }])
    const b = sumPayload('m', 1, [{ value: 1, startMs: 1, timeMs: 2, attributes: { y: '2', x: '1' } }])
    const series = (doc: unknown) => {
      return accepted(normalizeMetrics(doc, defaultNormalizeLimits)).batch.metrics[0]?.series
    }
    expect(series(a)).toBe(series(b) ?? '')
  })

  test.each([
    ['a string value', { asDouble: 'lots' }, 'data point value missing or not a number'],
    ['no value', {}, 'data point value missing or not a number'],
    ['no time', { asDouble: 1, timeUnixNano: undefined }, 'missing or malformed timestamp'],
  ])('a bad point (%s) is rejected alone', (_name, override, reason) => {
    const doc = sumPayload('m', 1, [
      { value: 1, startMs: 1, timeMs: 2 },
      { value: 2, startMs: 1, timeMs: 3 },
    ])
    const points = doc.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.sum.dataPoints ?? []
    const bad = points[1] as Record<string, unknown>
    delete bad.asDouble
    Object.assign(bad, override)
    const result = normalizeMetrics(doc, defaultNormalizeLimits)
    expect(result).toMatchObject({ ok: true, accepted: 1, rejected: 1, errorMessage: `${reason} (1)` })
  })

  test('a sum without temporality is rejected point by point', () => {
    const doc = sumPayload('m', 1, [{ value: 1, startMs: 1, timeMs: 2 }])
    const sum = doc.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.sum as Record<string, unknown>
    delete sum.aggregationTemporality
    expect(normalizeMetrics(doc, defaultNormalizeLimits)).toMatchObject({
      ok: true,
      accepted: 0,
      rejected: 1,
    })
  })

  test('gauges and histograms are kept with their value and count', () => {
    const doc = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'g', gauge: { dataPoints: [{ timeUnixNano: '2000000', asInt: '7' }] } },
                {
                  name: 'h',
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [{ timeUnixNano: '2000000', count: '3', sum: 4.5, bucketCounts: ['1', '2'] }],
                  },
                },
              ],
            },
          ],
        },
      ],
    }
    const result = accepted(normalizeMetrics(doc, defaultNormalizeLimits))
    expect(result.batch.metrics.map((p) => [p.name, p.kind, p.temporality, p.value, p.count])).toEqual([
      ['g', 'gauge', null, 7, null],
      ['h', 'histogram', 'delta', 4.5, 3],
    ])
  })

  test('a malformed envelope rejects the whole request', () => {
    expect(
      normalizeMetrics(
        { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', sum: { dataPoints: 1 } }] }] }] },
        defaultNormalizeLimits,
      ).ok,
    ).toBe(false)
  })
})
