import { expect, test } from 'bun:test'
import { type CleaningCostInput, cleaningCost, detectCacheTtl } from './cleaning-cost.ts'

// Sonnet 4.5's rates per million tokens: cache writes 1.25x (5 min) and 2x (1 h) input, reads 0.1x.
const price = { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }
const base: CleaningCostInput = {
  model: 'claude-sonnet-4-5',
  price,
  contextTokensBefore: 100_000,
  tokensRemoved: 60_000,
  windowTokens: 200_000,
  ttl: '5m',
  ttlSource: 'transcript',
  idleMs: 60_000,
}

test('warm 5-minute cache: the first request rewrites 40k tokens, each later one reads 60k fewer', () => {
  const c = cleaningCost(base)
  expect(c.firstRequestOriginal).toBeCloseTo(0.03, 10)
  expect(c.firstRequestCleaned).toBeCloseTo(0.15, 10)
  expect(c.rebuildCost).toBeCloseTo(0.12, 10)
  expect(c.savingPerRequest).toBeCloseTo(0.018, 10)
  expect(c.breakEvenRequests).toBe(7)
  expect(c.verdict).toBe('pays')
  expect(c.cacheWarm).toBe(true)
  expect(c.advice).toBe(
    'Clean: it pays after 7 requests. The first resumed request writes 40,000 tokens to the prompt cache (5m TTL), $0.12 more than continuing the original; then each later request reads 60,000 fewer tokens (saves $0.02).',
  )
})

test('a 1-hour TTL costs 2x input to rebuild, so it takes longer to pay back', () => {
  const c = cleaningCost({ ...base, ttl: '1h', idleMs: 30 * 60_000 })
  expect(c.rebuildCost).toBeCloseTo(0.21, 10)
  expect(c.breakEvenRequests).toBe(12)
  expect(c.cacheWarm).toBe(true)
})

test('an expired cache is rewritten either way: cleaning pays from the first request', () => {
  const c = cleaningCost({ ...base, idleMs: 6 * 60_000 })
  expect(c.cacheWarm).toBe(false)
  expect(c.firstRequestOriginal).toBeCloseTo(0.375, 10)
  expect(c.breakEvenRequests).toBe(0)
  expect(c.verdict).toBe('pays')
  expect(c.advice).toStartWith("Clean: the original's prompt cache has expired (5m TTL)")
})

test('a small saving on a large context does not pay, and says so', () => {
  const c = cleaningCost({ ...base, tokensRemoved: 2_000 })
  expect(c.breakEvenRequests).toBe(563)
  expect(c.verdict).toBe('does-not-pay')
  expect(c.advice).toContain(
    'takes 563 requests to break even (more than 20). Continue the original instead.',
  )
})

test('near the window it is still worth it, to put off compaction', () => {
  const c = cleaningCost({ ...base, contextTokensBefore: 170_000, tokensRemoved: 2_000 })
  expect(c.nearLimit).toBe(true)
  expect(c.verdict).toBe('near-limit')
})

test('a horizon of its own', () => {
  expect(cleaningCost({ ...base, horizonRequests: 6 }).verdict).toBe('does-not-pay')
})

test('long context: a request over 200k is billed at the long-context rates', () => {
  const longContext = {
    ...price,
    input: 6,
    cacheWrite5m: 7.5,
    cacheWrite1h: 12,
    cacheRead: 0.6,
    thresholdTokens: 200_000,
  }
  const c = cleaningCost({
    ...base,
    price: { ...price, longContext },
    contextTokensBefore: 300_000,
    tokensRemoved: 150_000,
    windowTokens: 1_000_000,
  })
  expect(c.firstRequestOriginal).toBeCloseTo(0.18, 10)
  expect(c.firstRequestCleaned).toBeCloseTo(0.5625, 10)
  expect(c.savingPerRequest).toBeCloseTo(0.18 - 0.045, 10)
})

test.each([
  [{ ...base, tokensRemoved: 0 }, 'nothing-to-clean'],
  [{ ...base, price: undefined, model: 'claude-future-9' }, 'unpriced'],
] as const)('no figures when %#: %s', (input, verdict) => {
  const c = cleaningCost(input)
  expect(c.verdict).toBe(verdict)
  expect(c.breakEvenRequests).toBeNull()
  expect(c.rebuildCost).toBeNull()
})

test('the TTL comes from the newest request that wrote to the cache', () => {
  const w = (m5: number, h1: number) => ({ cacheWrite5mTokens: m5, cacheWrite1hTokens: h1 })
  expect(detectCacheTtl([w(10, 0), w(0, 30), w(0, 0)])).toEqual({ ttl: '1h', source: 'transcript' })
  expect(detectCacheTtl([w(0, 30), w(10, 0)])).toEqual({ ttl: '5m', source: 'transcript' })
  expect(detectCacheTtl([w(0, 0)])).toEqual({ ttl: '5m', source: 'default' })
})
