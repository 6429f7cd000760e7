import { describe, expect, test } from 'bun:test'
import { formatDuration, formatTokens, formatUsd } from './format-figures.ts'

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

describe('one rule for spans of time: the largest two units, run together', () => {
  test.each([
    [-5, 'now'],
    [0, 'now'],
    [45_000, '45s'],
    [12 * 60_000, '12m'],
    [125 * 60_000, '2h05m'],
    [50 * 3_600_000, '2d2h'],
  ])('%p ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  test('needs no Intl formatter, so the statusline that loads this module does not build one', async () => {
    // A fresh process: this one has built them already.
    const script = `
      let built = 0
      const Real = Intl.NumberFormat
      Intl.NumberFormat = new Proxy(Real, { construct: (t, a) => (built++, Reflect.construct(t, a)) })
      const { formatDuration } = await import(${JSON.stringify(`${import.meta.dir}/format-figures.ts`)})
      formatDuration(125 * 60_000)
      console.log(built)`
    const run = Bun.spawnSync([process.execPath, '-e', script], { stderr: 'pipe' })
    expect(run.stderr.toString()).toBe('')
    expect(run.stdout.toString().trim()).toBe('0')
  })
})
