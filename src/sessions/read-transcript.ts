// Streams a transcript's lines as strings without holding the file in memory. Bytes are decoded a chunk
// at a time up to the chunk's last newline, which is much cheaper than decoding line by line.

import { closeSync, openSync, readSync } from 'node:fs'

export type TranscriptLine = { kind: 'line'; line: number; text: string } | { kind: 'too-long'; line: number }

export interface ReadSummary {
  bytes: number
  /** The file ends without a newline: Claude Code is mid-write, or the file was cut short. */
  incompleteTail: boolean
}

export interface ReadOptions {
  /** @default 8 MiB */
  chunkBytes?: number
  /** @default 256 MiB */
  maxLineBytes?: number
}

const NEWLINE = 0x0a

/** Yields every newline-terminated line (1-based numbers); a last line without a newline is not yielded. */
export function* readTranscriptLines(
  path: string,
  summary: ReadSummary,
  options: ReadOptions = {},
): Generator<TranscriptLine> {
  const chunkBytes = options.chunkBytes ?? 8 * 1024 * 1024
  const maxLineBytes = options.maxLineBytes ?? 256 * 1024 * 1024
  const fd = openSync(path, 'r')
  let line = 0
  try {
    let buf = Buffer.allocUnsafe(chunkBytes)
    // Bytes of an unfinished line carried over from the previous read, at the start of `buf`.
    let carry = 0
    let tooLong = false
    let pos = 0
    for (;;) {
      if (carry === buf.length) {
        if (carry >= maxLineBytes) {
          tooLong = true
          carry = 0
        } else {
          const bigger = Buffer.allocUnsafe(buf.length * 2)
          buf.copy(bigger, 0, 0, carry)
          buf = bigger
        }
      }
      const n = readSync(fd, buf, carry, buf.length - carry, pos)
      if (n === 0) break
      pos += n
      summary.bytes += n
      const end = carry + n
      const last = buf.lastIndexOf(NEWLINE, end - 1)
      if (last === -1) {
        // No line ends in this read: keep the bytes, unless they belong to a line already too long.
        carry = tooLong ? 0 : end
        continue
      }
      let from = 0
      if (tooLong) {
        yield { kind: 'too-long', line: ++line }
        tooLong = false
        from = buf.indexOf(NEWLINE, 0) + 1
      }
      if (from <= last) {
        const text = buf.toString('utf8', from, last)
        let start = 0
        for (;;) {
          const nl = text.indexOf('\n', start)
          const stop = nl === -1 ? text.length : nl
          const cut = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop
          yield { kind: 'line', line: ++line, text: text.slice(start, cut) }
          if (nl === -1) break
          start = nl + 1
        }
      }
      buf.copy(buf, 0, last + 1, end)
      carry = end - last - 1
    }
    summary.incompleteTail = carry > 0 || tooLong
  } finally {
    closeSync(fd)
  }
}
