import { afterAll, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../test/helpers/cli.ts'
import { type ReadSummary, readTranscriptLines, type TranscriptLine } from './read-transcript.ts'

const dir = tempDir('cc-read-')
afterAll(() => dir.cleanup())

function read(content: string, chunkBytes: number, maxLineBytes = 1024): [TranscriptLine[], ReadSummary] {
  const path = join(dir.path, 'session.jsonl')
  writeFileSync(path, content)
  const summary: ReadSummary = { bytes: 0, incompleteTail: false }
  return [[...readTranscriptLines(path, summary, { chunkBytes, maxLineBytes })], summary]
}

test.each([4, 7, 64, 4096])('lines across %d-byte chunks, CRLF and empty lines, multi-byte text', (chunk) => {
  const [lines, summary] = read('{"a":1}\r\n\n{"b":"é—✓"}\n{"c":3}\n', chunk)
  expect(lines).toEqual([
    { kind: 'line', line: 1, text: '{"a":1}' },
    { kind: 'line', line: 2, text: '' },
    { kind: 'line', line: 3, text: '{"b":"é—✓"}' },
    { kind: 'line', line: 4, text: '{"c":3}' },
  ])
  expect(summary).toEqual({ bytes: 35, incompleteTail: false })
})

test('a last line without its newline is not yielded and is reported', () => {
  const [lines, summary] = read('{"a":1}\n{"b":', 4)
  expect(lines).toEqual([{ kind: 'line', line: 1, text: '{"a":1}' }])
  expect(summary.incompleteTail).toBe(true)
})

test('a line longer than the limit is reported in its place and skipped', () => {
  const [lines] = read(`{"a":1}\n${'x'.repeat(100)}\n{"c":3}\n`, 8, 16)
  expect(lines).toEqual([
    { kind: 'line', line: 1, text: '{"a":1}' },
    { kind: 'too-long', line: 2 },
    { kind: 'line', line: 3, text: '{"c":3}' },
  ])
})
