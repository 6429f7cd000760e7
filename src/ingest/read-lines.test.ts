import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LineEvent, readLines } from './read-lines.ts'

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
