import { describe, expect, test } from 'bun:test'
import {
  formatAgo,
  formatBytes,
  formatDuration,
  formatMegabytes,
  formatTokens,
  formatUsd,
} from './format-figures.ts'

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

describe('one rule for how long ago a check was: seconds, minutes, then hours', () => {
  const now = Date.parse('2026-12-05T08:00:00Z')
  test.each([
    [now + 2000, '0s ago'],
    [now - 4400, '4s ago'],
    [now - 3 * 60_000 - 59_000, '3m ago'],
    [now - 50 * 3_600_000, '50h ago'],
  ])('%p → %s', (at, text) => {
    expect(formatAgo(at, now)).toBe(text)
  })
})

const MB = 2 ** 20

describe('one rule for sizes of data: binary units, one decimal from a kilobyte on', () => {
  test.each([
    [512, '512 B'],
    [1020, '1,020 B'],
    [1536, '1.5 KB'],
    [53.2 * MB, '53.2 MB'],
    [384 * MB, '384.0 MB'],
    [3 * 1024 * MB, '3.0 GB'],
    [2.5 * 1024 * 1024 * MB, '2.5 TB'],
    [4096 * 1024 * 1024 * MB, '4096.0 TB'],
  ])('%p → %s', (value, text) => {
    expect(formatBytes(value)).toBe(text)
  })
})

describe('one rule for process memory: MB as in a memory limit, whole from 100 on', () => {
  test.each([
    [5 * MB, '5 MB'],
    [38.25 * MB, '38.3 MB'],
    [512 * MB, '512 MB'],
    [1536.4 * MB, '1536 MB'],
  ])('%p → %s', (bytes, text) => {
    expect(formatMegabytes(bytes)).toBe(text)
  })
})
