import { describe, expect, it } from 'bun:test'
import {
  type CacheKeys,
  cacheHolds,
  homeDir,
  type LineCache,
  newLineCache,
  readingKey,
} from './line-cache.ts'
import type { LimitReading } from './statusline-input.ts'

const now = 1_800_000_000_000
const keys: CacheKeys = { settings: 's', store: 'db', transcripts: 't' }
const reading: LimitReading = {
  window: 'five_hour',
  usedPercentage: 42,
  resetsAt: now + 3_600_000,
  usedUsd: null,
  limitUsd: null,
  period: null,
}
const cache: LineCache = newLineCache({
  keys,
  computedAt: now - 10_000,
  validUntil: now + 60_000,
  figures: { sessionCostOurs: 1, todayCost: 2, block: null, sessionContext: null, cleaning: null },
  recorded: { [readingKey(reading, 'abc')]: now - 10_000 },
  storePath: '/home/dev/.context-cleaner/data/context-cleaner.db',
  files: ['/home/dev/.claude/projects/p/abc.jsonl'],
  config: null,
  day: null,
})

describe('cacheHolds', () => {
  it('holds when nothing changed and the reading was recorded within the minute', () => {
    expect(cacheHolds(cache, keys, [reading], 'abc', now, 1000)).toBe(true)
  })

  it.each([
    ['the day or the block ended', cache, keys, [reading], now + 60_000, 1000],
    ['the settings changed', cache, { ...keys, settings: 'other' }, [reading], now, 1000],
    ['a transcript grew', cache, { ...keys, transcripts: 'grown' }, [reading], now, 1000],
    [
      'the store changed longer ago than the refresh interval',
      cache,
      { ...keys, store: 'moved' },
      [reading],
      now,
      1000,
    ],
    ['a reading is new', cache, keys, [{ ...reading, usedPercentage: 43 }], now, 1000],
    ['a reading was last recorded a minute ago', cache, keys, [reading], now + 50_001, 3_600_000],
    ['the cache is off', cache, keys, [reading], now, 0],
    ['the clock went back', cache, keys, [reading], now - 20_000, 1000],
  ] as const)('does not hold when %s', (_why, c, k, readings, at, refreshMs) => {
    expect(cacheHolds(c, k, readings, 'abc', at, refreshMs)).toBe(false)
  })

  it('tolerates a store that moved within the refresh interval', () => {
    expect(cacheHolds(cache, { ...keys, store: 'moved' }, [reading], 'abc', now, 60_000)).toBe(true)
  })
})

describe('homeDir', () => {
  it.each([
    [{ CONTEXT_CLEANER_HOME: '/srv/cc/', HOME: '/home/dev' }, '/srv/cc'],
    [{ HOME: '/home/dev' }, '/home/dev/.context-cleaner'],
    [{ CONTEXT_CLEANER_HOME: 'relative/cc' }, null],
    [{}, null],
  ])('%j gives %p', (env, home) => {
    expect(homeDir(env)).toBe(home)
  })
})
