// Reading service logs for `logs` and the socket's `logs` action: the last lines of a file, and
// following it as it grows (and after it rotates).

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'

const tailWindow = 1024 * 1024

export async function readLastLines(path: string, count: number): Promise<string[]> {
  if (count === 0 || !existsSync(path)) return []
  const size = statSync(path).size
  const start = Math.max(0, size - tailWindow)
  const text = await Bun.file(path).slice(start, size).text()
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  // The first line of a window that does not start at 0 is probably cut.
  if (start > 0) lines.shift()
  return lines.slice(-count)
}

/** Reads what was appended to `path` since `offset`; a shrunken file has rotated and is read afresh. */
export function readAppended(path: string, offset: number): { text: string; offset: number } {
  if (!existsSync(path)) return { text: '', offset: 0 }
  const size = statSync(path).size
  const from = size < offset ? 0 : offset
  if (size === from) return { text: '', offset: from }
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(size - from)
    const read = readSync(fd, buffer, 0, buffer.length, from)
    // Hold back a partial last line until its newline arrives.
    const text = buffer.subarray(0, read).toString('utf8')
    const end = text.lastIndexOf('\n') + 1
    return { text: text.slice(0, end), offset: from + Buffer.byteLength(text.slice(0, end)) }
  } finally {
    closeSync(fd)
  }
}
