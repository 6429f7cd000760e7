import { describe, expect, it } from 'bun:test'
import {
  bundledPriceTable,
  findModelPrice,
  findPricedModel,
  normalizeModelId,
  parsePriceTable,
  priceAt,
  syntheticModel,
} from './price-table.ts'
import snapshot from './prices-snapshot.json' with { type: 'json' }

const table = bundledPriceTable()

describe('bundled snapshot', () => {
  it('is a valid price table as it stands (run time uses it without validating)', () => {
    const { models, generatedAt, source, sourceVersion } = parsePriceTable(snapshot)
    expect(snapshot.models as unknown).toEqual(models)
    expect(table).toMatchObject({ generatedAt, source, sourceVersion, models })
  })

  it('records where and when the data came from', () => {
    expect(table.source).toBe('@pydantic/genai-prices')
    expect(table.sourceVersion).toMatch(/^\d+\.\d+\.\d+/)
    expect(Number.isNaN(Date.parse(table.generatedAt))).toBe(false)
  })

  it('holds only Claude models', () => {
    expect(table.models.filter((m) => !m.id.startsWith('claude-'))).toEqual([])
  })

  // Published Anthropic list prices, USD per million tokens: input, output, 5m write, 1h write, read.
  it.each([
    ['claude-sonnet-4-5', 3, 15, 3.75, 6, 0.3],
    ['claude-sonnet-4-0', 3, 15, 3.75, 6, 0.3],
    ['claude-opus-4-1', 15, 75, 18.75, 30, 1.5],
    ['claude-opus-4-0', 15, 75, 18.75, 30, 1.5],
    ['claude-opus-4-5', 5, 25, 6.25, 10, 0.5],
    ['claude-haiku-4-5', 1, 5, 1.25, 2, 0.1],
    ['claude-3-5-haiku-latest', 0.8, 4, 1, 1.6, 0.08],
    ['claude-3-7-sonnet-latest', 3, 15, 3.75, 6, 0.3],
  ])(
    '%s costs $%p in / $%p out / $%p 5m write / $%p 1h write / $%p read',
    (id, input, output, w5, w1h, read) => {
      expect(findModelPrice(table, id, 0)).toMatchObject({
        input,
        output,
        cacheWrite5m: w5,
        cacheWrite1h: w1h,
        cacheRead: read,
      })
    },
  )

  it.each(['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-opus-4-5', 'claude-haiku-4-5'])(
    '%s follows the cache multipliers: 5m write 1.25x, 1h write 2x, read 0.1x input',
    (id) => {
      const price = findModelPrice(table, id, 0)!
      expect(price.cacheWrite5m).toBeCloseTo(price.input * 1.25, 12)
      expect(price.cacheWrite1h).toBeCloseTo(price.input * 2, 12)
      expect(price.cacheRead).toBeCloseTo(price.input * 0.1, 12)
    },
  )

  // Sonnet 4/4.5 above 200k input tokens: 2x input and cache rates, 1.5x output.
  it.each(['claude-sonnet-4-5', 'claude-sonnet-4-0'])('%s has the long-context tier', (id) => {
    expect(findModelPrice(table, id, 0)?.longContext).toEqual({
      thresholdTokens: 200_000,
      input: 6,
      output: 22.5,
      cacheWrite5m: 7.5,
      cacheWrite1h: 12,
      cacheRead: 0.6,
    })
  })

  it.each(['claude-opus-4-1', 'claude-opus-4-5', 'claude-haiku-4-5'])('%s has no long-context tier', (id) => {
    expect(findModelPrice(table, id, 0)?.longContext).toBeUndefined()
  })

  // Opus 4.6 had a >200k tier until Anthropic made its 1M window flat-priced from 2026-03-13.
  it.each([
    ['2026-03-12T23:59:59.999Z', true],
    ['2026-03-13T00:00:00.000Z', false],
  ])('claude-opus-4-6 at %s has a long-context tier: %p', (at, tiered) => {
    expect(findModelPrice(table, 'claude-opus-4-6', new Date(at))?.longContext !== undefined).toBe(tiered)
  })
})

describe('findPricedModel', () => {
  it.each([
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929[1m]', 'claude-sonnet-4-5'],
    ['  Claude-Sonnet-4-5-20250929 ', 'claude-sonnet-4-5'],
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5',
    ],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4-0'],
    ['claude-sonnet-4@20250514', 'claude-sonnet-4-0'],
    ['anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4-0'],
    ['claude-sonnet-4-0', 'claude-sonnet-4-0'],
    ['claude-opus-4-20250514', 'claude-opus-4-0'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['claude-opus-4-5-20251101', 'claude-opus-4-5'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
    ['claude-3-opus-20240229', 'claude-3-opus-latest'],
    ['claude-opus-4-6', 'claude-opus-4-6'],
    [syntheticModel, syntheticModel],
  ])('%s resolves to %s', (model, id) => {
    expect(findPricedModel(table, model)?.id).toBe(id)
  })

  // Claude Code aliases are not priced: they denote different models over time.
  it.each(['', 'gpt-4o', 'sonnet', 'opus', 'claude', 'claude-unknown-9', 'unknown', 'gemini-2.5-pro'])(
    '%p is unknown',
    (model) => {
      expect(findPricedModel(table, model)).toBeUndefined()
      expect(findModelPrice(table, model)).toBeUndefined()
    },
  )
})

describe('<synthetic>', () => {
  it('is known to cost nothing, which differs from unpriced', () => {
    expect(findModelPrice(table, syntheticModel)).toEqual({
      input: 0,
      output: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
    })
  })
})

describe('normalizeModelId', () => {
  it.each([
    ['us.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1-20250805'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
    ['bedrock/anthropic.claude-3-haiku-20240307-v1:0', 'claude-3-haiku-20240307'],
  ])('%s -> %s', (model, normalized) => {
    expect(normalizeModelId(model)).toBe(normalized)
  })
})

describe('priceAt', () => {
  it.each([Number.NaN, new Date('not a date')])('rejects invalid time %p', (at) => {
    expect(() => priceAt(findPricedModel(table, 'claude-opus-4-6')!, at)).toThrow(RangeError)
  })
})

describe('parsePriceTable', () => {
  const rates = { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }
  const header = { generatedAt: '2026-01-01T00:00:00Z', source: 'test', sourceVersion: '0.0.0' }
  const withModel = (model: unknown) => ({ ...header, models: [model] })

  it('accepts a minimal table', () => {
    const parsed = parsePriceTable(
      withModel({ id: 'claude-x', match: { equals: 'claude-x' }, periods: [{ price: rates }] }),
    )
    expect(findModelPrice(parsed, 'claude-x-20260101')).toEqual(rates)
  })

  it.each([
    ['not an object', null],
    ['no models', header],
    ['no periods', withModel({ id: 'a', match: { equals: 'a' }, periods: [] })],
    [
      'negative rate',
      withModel({ id: 'a', match: { equals: 'a' }, periods: [{ price: { ...rates, input: -1 } }] }),
    ],
    ['missing rate', withModel({ id: 'a', match: { equals: 'a' }, periods: [{ price: { input: 3 } }] })],
    [
      'dated first period',
      withModel({ id: 'a', match: { equals: 'a' }, periods: [{ from: '2026-01-01', price: rates }] }),
    ],
    [
      'periods out of order',
      withModel({
        id: 'a',
        match: { equals: 'a' },
        periods: [
          { price: rates },
          { from: '2026-02-01', price: rates },
          { from: '2026-01-01', price: rates },
        ],
      }),
    ],
    ['bad regex', withModel({ id: 'a', match: { regex: '(' }, periods: [{ price: rates }] })],
    ['unknown rule', withModel({ id: 'a', match: { fuzzy: 'a' }, periods: [{ price: rates }] })],
  ])('rejects %s', (_case, raw) => {
    expect(() => parsePriceTable(raw)).toThrow()
  })
})
