import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LineEvent, type ReadSummary, readLines, readTextLines, type TextLine } from './read-lines.ts'

const dir = mkdtempSync(join(tmpdir(), 'cc-read-lines-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

// Decodes each line as it comes: `bytes` is only valid until the next line is read.
function collect(path: string, start: number, options = {}): { text: string | null; end: number }[] {
  return Array.from(readLines(path, start, options), (e: LineEvent) => ({
    text: e.kind === 'line' ? e.bytes.toString('utf8') : null,
    end: e.end,
  }))
}

describe('readLines', () => {
  it('yields complete lines with the offset after each', () => {
    const path = file('a.jsonl', 'one\ntwo\nthree\n')
    expect(collect(path, 0)).toEqual([
      { text: 'one', end: 4 },
      { text: 'two', end: 8 },
      { text: 'three', end: 14 },
    ])
  })

  it('leaves a half-written last line for later', () => {
    const path = file('b.jsonl', 'one\ntw')
    expect(collect(path, 0)).toEqual([{ text: 'one', end: 4 }])
  })

  it('starts at an offset', () => {
    const path = file('c.jsonl', 'one\ntwo\n')
    expect(collect(path, 4)).toEqual([{ text: 'two', end: 8 }])
  })

  it('joins lines that cross chunk boundaries', () => {
    const path = file('d.jsonl', 'abcdefghij\nklmnop\nq\n')
    expect(collect(path, 0, { chunkBytes: 4 })).toEqual([
      { text: 'abcdefghij', end: 11 },
      { text: 'klmnop', end: 18 },
      { text: 'q', end: 20 },
    ])
  })

  it('reports lines over the limit without buffering them, then carries on', () => {
    const path = file('e.jsonl', `ok\n${'x'.repeat(100)}\nafter\n`)
    expect(collect(path, 0, { chunkBytes: 8, maxLineBytes: 16 })).toEqual([
      { text: 'ok', end: 3 },
      { text: null, end: 104 },
      { text: 'after', end: 110 },
    ])
  })

  it('reads nothing at or past `end`, so a line finished after the import planned the file waits', () => {
    const path = file('g.jsonl', 'one\ntwo\nthree\n')
    expect(collect(path, 0, { end: 10, chunkBytes: 3 })).toEqual([
      { text: 'one', end: 4 },
      { text: 'two', end: 8 },
    ])
    expect(collect(path, 8, { end: 8 })).toEqual([])
  })

  it('keeps multi-byte characters split across chunks intact', () => {
    const path = file('f.jsonl', Buffer.from('héllo wörld ✓\n', 'utf8'))
    expect(collect(path, 0, { chunkBytes: 3 })).toEqual([{ text: 'héllo wörld ✓', end: 18 }])
  })
})

describe('readLines summary', () => {
  it.each([
    ['ends with a newline', 'one\ntwo\n', { bytes: 8, incompleteTail: false }],
    ['ends mid-line', 'one\ntw', { bytes: 6, incompleteTail: true }],
    ['ends inside a line over the limit', `one\n${'x'.repeat(100)}`, { bytes: 104, incompleteTail: true }],
  ])('says how much it read and whether the file %s', (_, content, expected) => {
    const path = file('s.jsonl', content)
    const summary: ReadSummary = { bytes: 0, incompleteTail: false }
    Array.from(readLines(path, 0, { chunkBytes: 8, maxLineBytes: 16, summary }))
    expect(summary).toEqual(expected)
  })
})

// What context analysis and cleaning read: numbered text lines.
function text(content: string, chunkBytes: number, maxLineBytes = 1024): [TextLine[], ReadSummary] {
  const path = file('session.jsonl', content)
  const summary: ReadSummary = { bytes: 0, incompleteTail: false }
  return [[...readTextLines(path, summary, { chunkBytes, maxLineBytes })], summary]
}

describe('readTextLines', () => {
  it.each([4, 7, 64, 4096])(
    'numbers lines across %d-byte chunks, drops CRs, keeps empty lines and multi-byte text',
    (chunk) => {
      const [lines, summary] = text('{"a":1}\r\n\n{"b":"é—✓"}\n{"c":3}\n', chunk)
      expect(lines).toEqual([
        { kind: 'line', line: 1, text: '{"a":1}' },
        { kind: 'line', line: 2, text: '' },
        { kind: 'line', line: 3, text: '{"b":"é—✓"}' },
        { kind: 'line', line: 4, text: '{"c":3}' },
      ])
      expect(summary).toEqual({ bytes: 35, incompleteTail: false })
    },
  )

  it('leaves out a last line without its newline and reports it', () => {
    const [lines, summary] = text('{"a":1}\n{"b":', 4)
    expect(lines).toEqual([{ kind: 'line', line: 1, text: '{"a":1}' }])
    expect(summary.incompleteTail).toBe(true)
  })

  it('reports a line over the limit in its place, numbered, and carries on', () => {
    const [lines, summary] = text(`{"a":1}\n${'x'.repeat(100)}\n{"c":3}\n`, 8, 16)
    expect(lines).toEqual([
      { kind: 'line', line: 1, text: '{"a":1}' },
      { kind: 'too-long', line: 2 },
      { kind: 'line', line: 3, text: '{"c":3}' },
    ])
    expect(summary.incompleteTail).toBe(false)
  })

  it('yields a line many chunks long whole when it is under the limit', () => {
    const big = `{"paste":"${'é'.repeat(300_000)}"}`
    const [lines] = text(`${big}\n{"c":3}\n`, 4096, 1024 * 1024)
    expect(lines).toEqual([
      { kind: 'line', line: 1, text: big },
      { kind: 'line', line: 2, text: '{"c":3}' },
    ])
  })
})
