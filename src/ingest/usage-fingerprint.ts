// Claude Code writes one API response as several lines (one per content block), each repeating the
// message id, request id and usage. Once one of them is parsed, the others add nothing: equal tokens
// keep the copy already held. Recognizing them from a few bytes spares parsing them, most of the
// usage lines of a history. Whatever cannot be found plainly is parsed as usual.

import { plainString, valueEnd } from './json-bytes.ts'

const MESSAGE_ID = Buffer.from('"id":"msg_')
const REQUEST_ID = Buffer.from('"requestId":"')
const USAGE = Buffer.from('"usage":{')
const TIMESTAMP = Buffer.from('"timestamp":"')

/**
 * The message id, request id and usage object of a line, as one string; null if any is missing.
 * The message id is the first `"id":"msg_` (the message object precedes its content); the request
 * id and usage the last (both follow the content). Strings inside content have their quotes escaped,
 * so they cannot produce these patterns; a tool input object could, which only makes two lines
 * differ that would otherwise match, never the reverse, unless all three parts are copied.
 */
export function usageFingerprint(line: Buffer): string | null {
  const message = stringAt(line, line.indexOf(MESSAGE_ID), MESSAGE_ID.length - 4)
  if (message === null) return null
  const request = stringAt(line, line.lastIndexOf(REQUEST_ID), REQUEST_ID.length)
  if (request === null) return null
  const usageStart = line.lastIndexOf(USAGE)
  if (usageStart === -1) return null
  const usageEnd = valueEnd(line, usageStart + USAGE.length - 1)
  if (usageEnd === -1) return null
  return `${message}\u0000${request}\u0000${line.toString('latin1', usageStart, usageEnd)}`
}

/** The line's last `"timestamp"` as epoch ms, or NaN. */
export function lastTimestamp(line: Buffer): number {
  const value = stringAt(line, line.lastIndexOf(TIMESTAMP), TIMESTAMP.length)
  return value === null ? Number.NaN : Date.parse(value)
}

/** The plain string value starting `skip` bytes after a match at `at`, or null (no match included). */
function stringAt(line: Buffer, at: number, skip: number): string | null {
  return at === -1 ? null : plainString(line, at + skip)
}
