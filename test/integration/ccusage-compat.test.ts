// `report <kind> --json` against ccusage 20's own `--json` on the same history: every field ccusage
// writes is in our rows with the same type, and the values that must agree do. (Weekly was left out
// once because ccusage's list came back empty. With 20.0.24 the plain command lists both of the
// fixture's weeks, with TZ pinned or not; only a filter that misses November 2026 empties it, such as
// `--last 1`, and `--start-of-week` makes it exit with "Unknown option".)

import { afterAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { repoRoot, runCliJson, tempDir } from '../helpers/cli.ts'

const home = tempDir('cc-ccusage-')
afterAll(() => home.cleanup())
const env = { home: home.path, claudeDir: join(import.meta.dir, '..', 'fixtures', 'history') }
const ccusage = { ...env, program: [join(repoRoot, 'node_modules', '.bin', 'ccusage')] }

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Row = Record<string, Json> & { period: string; totalTokens: number; totalCost: number }

/** Every path in a document with the type of its value; array elements share `[]`. */
function shape(v: Json, path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => shape(x, `${path}[]`))
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => shape(x, path ? `${path}.${k}` : k))
  return [`${path}: ${v === null ? 'null' : typeof v}`]
}

function byPeriod(rows: Row[]): Map<string, Row> {
  return new Map(rows.map((r) => [r.period, r]))
}

describe.each(['daily', 'weekly', 'monthly', 'session'])('report %s --json and ccusage', (kind) => {
  test('same fields and types, same rows, tokens and models', async () => {
    const [theirs, ours] = await Promise.all([
      runCliJson<Record<string, Row[]>>([kind, '--offline', '--json'], ccusage),
      runCliJson<Record<string, Row[]>>(['report', kind, '--json'], env),
    ])
    const ourShape = new Set(shape(ours as Json))
    const missing = [...new Set(shape(theirs as Json))].filter((p) => !ourShape.has(p))
    expect(missing).toEqual([])

    const theirRows = byPeriod(theirs[kind] ?? [])
    const ourRows = byPeriod(ours[kind] ?? [])
    expect([...ourRows.keys()].sort()).toEqual([...theirRows.keys()].sort())
    expect(theirRows.size).toBeGreaterThan(0)
    for (const [period, t] of theirRows) {
      const o = ourRows.get(period) as Row
      for (const f of [
        'inputTokens',
        'outputTokens',
        'cacheCreationTokens',
        'cacheReadTokens',
        'totalTokens',
      ])
        expect([period, f, o[f]]).toEqual([period, f, t[f] as Json])
      expect([...(o.modelsUsed as string[])].sort()).toEqual([...(t.modelsUsed as string[])].sort())
      expect(o.agent).toBe(t.agent as Json)
      expect(o.metadata).toEqual(t.metadata as Json)
      // Costs agree unless a request passed 200k tokens, which we bill whole at long-context rates
      // and ccusage only above 200k (README); a row under 200k tokens cannot hold such a request.
      if (t.totalTokens < 200_000) expect(o.totalCost).toBeCloseTo(t.totalCost, 9)
      const unpriced = (t.modelBreakdowns as { modelName: string; missingPricing?: boolean }[])
        .filter((b) => b.missingPricing)
        .map((b) => b.modelName)
      expect(
        (o.modelBreakdowns as { modelName: string; missingPricing?: boolean }[])
          .filter((b) => b.missingPricing)
          .map((b) => b.modelName)
          .sort(),
      ).toEqual(unpriced.sort())
    }
  })
})

// ccusage 20's unified `ccusage weekly` starts weeks on Monday and takes no `--start-of-week`
// ("Unknown option"); its Claude-only `ccusage claude weekly` starts them on Sunday unless told
// otherwise. The fixture's history runs from a Sunday into the next week, so each convention gives
// different weeks: ours by default equal the unified report's (above), and with `--start-of-week
// sunday` the Claude-only one's.
test('report weekly --start-of-week sunday and ccusage claude weekly: same weeks and tokens', async () => {
  const [theirs, ours] = await Promise.all([
    runCliJson<{ weekly: Row[] }>(['claude', 'weekly', '--offline', '--json'], ccusage),
    runCliJson<{ weekly: Row[] }>(['report', 'weekly', '--start-of-week', 'sunday', '--json'], env),
  ])
  const weeks = (rows: Row[]) => rows.map((r) => [r.week, r.totalTokens])
  expect(theirs.weekly.length).toBeGreaterThan(0)
  expect(weeks(ours.weekly)).toEqual(weeks(theirs.weekly))
  const monday = await runCliJson<{ weekly: Row[] }>(['report', 'weekly', '--json'], env)
  expect(weeks(monday.weekly)).not.toEqual(weeks(ours.weekly))
})
