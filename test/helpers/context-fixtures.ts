// The hand-made sessions in test/fixtures/context, as the records a transcript holds and as their
// analysis: what the analysis, chart and page tests all start from.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeRecords } from '../../src/analytics/context/analyze-context.ts'
import type { ContextAnalysis } from '../../src/analytics/context/context-types.ts'

const contextFixtures = join(import.meta.dir, '..', 'fixtures', 'context')

/** `reads-and-edits.jsonl`: 3 turns; its usage was generated as 4,000 system tokens + visible chars / 3.5. */
type ContextFixture = 'reads-and-edits.jsonl' | 'compacted.jsonl'

function fixtureRecords(name: ContextFixture): unknown[] {
  return readFileSync(join(contextFixtures, name), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))
}

export function analyzedFixture(name: ContextFixture): ContextAnalysis {
  return analyzeRecords(fixtureRecords(name))
}
