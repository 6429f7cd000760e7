// Pure: finding where a JSON string, array or object ends in a line's bytes without parsing it. Strings
// are skipped with one search for their closing quote (escaped quotes aside), so a long string costs
// a memchr, not a step per byte.

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d

/** Offset of the quote closing a string whose first character is at `from`, or -1. */
export function stringEnd(bytes: Buffer, from: number): number {
  for (let q = bytes.indexOf(QUOTE, from); q !== -1; q = bytes.indexOf(QUOTE, q + 1)) {
    let slashes = 0
    while (bytes[q - 1 - slashes] === BACKSLASH) slashes++
    if (slashes % 2 === 0) return q
  }
  return -1
}

/** The longest string `plainString` reads: ids, names and timestamps are far shorter. */
const MAX_PLAIN_STRING = 200

/**
 * The value of a short string without escapes whose first character is at `start` (just past its
 * opening quote), or null when it is empty, longer than MAX_PLAIN_STRING, holds an escape or is cut off:
 * the ids, names and times read from raw lines are all plain, and anything else is parsed as usual.
 */
export function plainString(bytes: Buffer, start: number): string | null {
  if (start < 0) return null
  const end = bytes.indexOf(QUOTE, start)
  if (end === -1 || end === start || end - start > MAX_PLAIN_STRING) return null
  for (let i = start; i < end; i++) if (bytes[i] === BACKSLASH) return null
  return bytes.toString('latin1', start, end)
}

/** Offset just past the array or object opening at `open`, or -1 when the bytes end first. */
export function valueEnd(bytes: Buffer, open: number): number {
  let depth = 0
  for (let i = open; i < bytes.length; i++) {
    const c = bytes[i]
    if (c === QUOTE) {
      i = stringEnd(bytes, i + 1)
      if (i === -1) return -1
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth++
    else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && --depth === 0) return i + 1
  }
  return -1
}
