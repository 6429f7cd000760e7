import { expect, test } from 'bun:test'
import { createUseTracker } from './use-tracker.ts'

test('an output counts as used when a later response names one of its distinctive words', () => {
  const t = createUseTracker()
  t.watch('grep', 'src/parser_v2.ts:10: parseHeader(buffer)\nsrc/lexer.ts:4: tokenizeInput()')
  t.watch('ls', 'node_modules/ package_lock.json README_FIRST.md')
  t.watch('prose', 'the quick brown fox jumps over the lazy dog')
  t.startResponse()
  t.noteAssistant('I will change parseHeader next.')
  t.startResponse()
  t.noteAssistant('Done.')
  expect([...t.unused(2)]).toEqual(['ls'])
  expect([...t.unused(3)]).toEqual([])
})
