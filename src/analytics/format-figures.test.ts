import { describe, expect, test } from 'bun:test'
import { formatTokens, formatUsd } from './format-figures.ts'

describe('one rule for costs: cents, and <$0.01 for what is too small to show', () => {
  test.each([
    [0, '$0.00'],
    [0.0088, '$0.01'],
    [0.0049, '<$0.01'],
    [0.01, '$0.01'],
    [0.2867, '$0.29'],
    [1385.9, '$1,385.90'],
  ])('%p → %s', (value, text) => {
    expect(formatUsd(value)).toBe(text)
  })
})

describe('one rule for tokens: compact from 1,000 on, so 8.9K sits beside 22.9K', () => {
  test.each([
    [0, '0'],
    [950, '950'],
    [8900, '8.9K'],
    [22_900, '22.9K'],
    [1_234_567, '1.2M'],
  ])('%p → %s', (value, text) => {
    expect(formatTokens(value)).toBe(text)
  })
})
