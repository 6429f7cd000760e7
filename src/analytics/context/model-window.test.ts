import { expect, test } from 'bun:test'
import { contextWindow } from './model-window.ts'

test.each([
  ['claude-haiku-4-5-20251001', [], 120_000, 200_000, null, null],
  ['claude-sonnet-4-5-20250929', [], 120_000, 200_000, 1_000_000, null],
  ['claude-sonnet-4-5-20250929[1m]', [], 1_000, 1_000_000, 1_000_000, 'model-suffix'],
  ['claude-sonnet-4-5-20250929', ['context-1m-2025-08-07'], 1_000, 1_000_000, 1_000_000, 'beta'],
  ['claude-opus-4-6', [], 350_000, 1_000_000, 1_000_000, 'observed'],
  ['claude-opus-4-1-20250805', [], 180_000, 200_000, null, null],
  [null, [], 0, 200_000, null, null],
] as const)('%s %j peak %d → %d', (model, betas, peak, tokens, longContextTokens, reason) => {
  const window = contextWindow({ model, betas, peakContextTokens: peak })
  expect(window).toEqual({
    tokens,
    standardTokens: 200_000,
    longContextTokens,
    longContext: reason !== null,
    reason,
  })
})
