// Line numbers for byte offsets in a file, for messages that point at a line (`import --verbose`).
// The importer keeps offsets only (a resumed import never reads the lines before its checkpoint), so
// the lines are counted here, once per file, only when someone asks.

import { closeSync, openSync, readSync } from 'node:fs'

/** The 1-based line number at each offset (each offset is the start of a line). */
export function lineNumbersAt(path: string, offsets: readonly number[]): Map<number, number> {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b)
  const found = new Map<number, number>()
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(1 << 20)
    let position = 0
    let line = 1
    let next = 0
    while (next < wanted.length) {
      const read = readSync(fd, buffer, 0, buffer.length, position)
      for (let i = 0; i < read && next < wanted.length; i++) {
        while (next < wanted.length && (wanted[next] ?? 0) <= position + i)
          found.set(wanted[next++] ?? 0, line)
        if (buffer[i] === 0x0a) line++
      }
      if (read === 0) break
      position += read
    }
    // Offsets at or past the end (a file that shrank since) get the last line.
    for (; next < wanted.length; next++) found.set(wanted[next] ?? 0, line)
  } finally {
    closeSync(fd)
  }
  return found
}
