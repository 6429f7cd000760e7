import { describe, expect, it } from 'bun:test'
import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { SessionRecord } from '../model/records.ts'
import { mergeSession, scanFile } from './scan-file.ts'
import { lastTimestamp, usageFingerprint } from './usage-fingerprint.ts'

const line = (o: unknown) => Buffer.from(JSON.stringify(o))
const usage = { input_tokens: 3, output_tokens: 9, cache_creation: { ephemeral_5m_input_tokens: 1 } }
const assistant = (content: unknown[], u: unknown = usage, requestId = 'req_1') => ({
  sessionId: 's',
  message: { id: 'msg_1', model: 'claude-sonnet-4-5', content, usage: u },
  requestId,
  type: 'assistant',
  timestamp: '2026-11-20T10:00:01.500Z',
})

describe('usageFingerprint', () => {
  it('is equal for the content blocks of one response and differs for another usage or request', () => {
    const text = usageFingerprint(line(assistant([{ type: 'text', text: 'hi' }])))
    const tool = usageFingerprint(line(assistant([{ type: 'tool_use', id: 'toolu_1', input: { a: 1 } }])))
    expect(text).not.toBeNull()
    expect(tool).toBe(text)
    expect(usageFingerprint(line(assistant([], { ...usage, output_tokens: 10 })))).not.toBe(text)
    expect(usageFingerprint(line(assistant([], usage, 'req_2')))).not.toBe(text)
  })

  it('is not fooled by look-alikes inside content: strings escape quotes, and the last usage wins', () => {
    const decoy = '"id":"msg_decoy","usage":{"input_tokens":1},"requestId":"req_decoy"'
    const inText = usageFingerprint(line(assistant([{ type: 'text', text: decoy }])))
    expect(inText).toBe(usageFingerprint(line(assistant([]))))
    // A tool input object is structural JSON: its "usage" comes before the message's own.
    const inInput = usageFingerprint(
      line(assistant([{ type: 'tool_use', input: { usage: { input_tokens: 7 } } }])),
    )
    expect(inInput).toBe(usageFingerprint(line(assistant([]))))
  })

  it('is null when a part is missing or not plain, so the line is parsed', () => {
    expect(usageFingerprint(line({ ...assistant([]), requestId: undefined }))).toBeNull()
    expect(usageFingerprint(line({ ...assistant([]), requestId: 'req_"quoted"' }))).toBeNull()
    expect(usageFingerprint(Buffer.from('{"message":{"id":"msg_1","usage":{"input_tokens":1'))).toBeNull()
  })

  it('reads the last timestamp', () => {
    expect(lastTimestamp(line(assistant([])))).toBe(Date.parse('2026-11-20T10:00:01.500Z'))
    expect(lastTimestamp(Buffer.from('{}'))).toBeNaN()
  })
})

describe('scanFile skipping repeated usage lines', () => {
  const dirs = ['test/fixtures/claude-code', 'test/fixtures/history', 'test/fixtures/context']
  const files = dirs.flatMap((d) =>
    readdirSync(d, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(d, f)),
  )

  it.each(files)('gives what parsing every line gives: %s', (path) => {
    const file = { path, sessionId: basename(path, '.jsonl'), projectDir: 'p', isSubagent: false }
    const scan = (parseRepeats: boolean) => [...scanFile(file, 0, { parseRepeats, chunkRequests: 3 })]
    const all = scan(true)
    const skipping = scan(false)
    const dedup = (chunks: typeof all) => {
      const byKey = new Map<string, unknown>()
      for (const r of chunks.flatMap((c) => c.requests)) if (!byKey.has(r.key)) byKey.set(r.key, r)
      return [...byKey.values()]
    }
    expect(dedup(skipping)).toEqual(dedup(all))
    // Chunks end at other lines (a skipped line adds no request), so compare what they add up to.
    const totals = (chunks: typeof all) => {
      const sessions = new Map<string, SessionRecord>()
      for (const s of chunks.flatMap((c) => c.sessions)) mergeSession(sessions, s)
      const counts = chunks.map((c) => c.counts)
      return {
        sessions: [...sessions.values()],
        lines: counts.reduce((n, c) => n + c.lines, 0),
        bytes: counts.reduce((n, c) => n + c.bytes, 0),
        apiResponses: counts.reduce((n, c) => n + c.apiResponses, 0),
        skipped: counts.flatMap((c) => Object.entries(c.skipped)).sort(),
      }
    }
    expect(totals(skipping)).toEqual(totals(all))
  })
})
