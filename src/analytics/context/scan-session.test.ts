import { describe, expect, it } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeScan } from './analyze-context.ts'
import { previewCleaning } from './cleaning-preview.ts'
import { createSessionScanner, type ScannerSnapshot } from './scan-session.ts'

const fixtures = join(import.meta.dir, '..', '..', '..', 'test', 'fixtures', 'context')
const records = (name: string): unknown[] =>
  readFileSync(join(fixtures, name), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l))
const now = Date.UTC(2026, 11, 4)

describe('a scanner resumed from its snapshot', () => {
  // The statusline scans a growing transcript a piece per process: the pieces must add up to one pass.
  it.each([
    ['reads-and-edits.jsonl', 0.3],
    ['reads-and-edits.jsonl', 0.7],
    ['compacted.jsonl', 0.5],
  ])('gives the same analysis and cleaning plan for %s cut at %p', (name, at) => {
    const all = records(name)
    const cut = Math.floor(all.length * at)
    const whole = createSessionScanner()
    for (const [i, r] of all.entries()) whole.add(r, i + 1)

    const first = createSessionScanner()
    for (const [i, r] of all.slice(0, cut).entries()) first.add(r, i + 1)
    // Through JSON, as the state file carries it.
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as ScannerSnapshot
    const second = createSessionScanner({ resume: saved })
    for (const [i, r] of all.slice(cut).entries()) second.add(r, cut + i + 1)

    const expected = analyzeScan(whole.finish())
    const resumed = analyzeScan(second.finish())
    expect(resumed).toEqual(expected)
    expect(previewCleaning(resumed, now)).toEqual(previewCleaning(expected, now))
  })
})
