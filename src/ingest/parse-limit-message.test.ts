import { describe, expect, it } from 'bun:test'
import { rateLimitReading } from '../../test/helpers/rate-limit-readings.ts'
import { limitReading, textLimit } from './parse-limit-message.ts'
import { parseTranscriptLine } from './parse-transcript-line.ts'

const utc = { defaultTimeZone: () => 'UTC' }
const at = (iso: string) => Date.parse(iso)

// The record Claude Code 2.1.332 wrote when the stand-in API refused a request with a 5-hour limit
// (trimmed to the fields that matter; see test/integration/limit-notices-claude-code.test.ts).
const realRecord = {
  parentUuid: '82c747f8-af9c-4013-871b-2061274eaf1a',
  type: 'assistant',
  timestamp: '2026-12-04T18:09:55.896Z',
  message: {
    id: 'dc35eea2-a0f3-4837-a776-49989e4d9666',
    model: '<synthetic>',
    role: 'assistant',
    stop_reason: 'stop_sequence',
    type: 'message',
    usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    content: [{ type: 'text', text: "You've hit your 5-hour limit · resets 10:09pm (Europe/Berlin)" }],
  },
  requestId: 'req_x',
  apiError: 'usage_limit_reached',
  apiErrorParams: {
    rate_limit_info: {
      status: 'rejected',
      resetsAt: 1796418593,
      rateLimitType: 'five_hour',
      isUsingOverage: false,
    },
  },
  quotaLimits: {
    status: 'rejected',
    resetsAt: 1796418593,
    rateLimitType: 'five_hour',
    isUsingOverage: false,
  },
  error: 'rate_limit',
  isApiErrorMessage: true,
  sessionId: 'dfca9eea-a9d5-4fbe-b61e-0698fd183586',
}

function notice(text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'assistant',
    timestamp: '2026-12-04T18:09:55.896Z',
    sessionId: 's1',
    isApiErrorMessage: true,
    error: 'rate_limit',
    message: { id: 'm', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text }] },
    ...extra,
  }
}

describe('limitReading', () => {
  it('takes the window and exact reset from the structured fields newer versions write', () => {
    expect(limitReading(realRecord, { fallbackSessionId: 'file', ...utc })).toEqual(
      rateLimitReading({
        window: 'five_hour',
        usedPercentage: 100,
        resetsAt: 1796418593000,
        firstObservedAt: at('2026-12-04T18:09:55.896Z'),
        lastObservedAt: at('2026-12-04T18:09:55.896Z'),
        sessionId: 'dfca9eea-a9d5-4fbe-b61e-0698fd183586',
        source: 'transcript',
      }),
    )
  })

  it('reads the text when the structured fields are absent, and names the file session when the record has none', () => {
    const { quotaLimits: _, apiErrorParams: __, sessionId: ___, ...textOnly } = realRecord
    const r = limitReading(textOnly, { fallbackSessionId: 'file', ...utc })
    expect(r?.window).toBe('five_hour')
    // 10:09pm in Berlin in December (UTC+1).
    expect(r?.resetsAt).toBe(at('2026-12-04T21:09:00Z'))
    expect(r?.sessionId).toBe('file')
  })

  it('falls back to the text when the structured window is one we do not keep', () => {
    const r = limitReading(
      notice("You've hit your weekly limit · resets Dec 7, 1am (UTC)", {
        quotaLimits: { status: 'rejected', resetsAt: 1796418593, rateLimitType: 'overage' },
      }),
      { fallbackSessionId: 'f', ...utc },
    )
    expect(r?.window).toBe('seven_day')
    expect(r?.resetsAt).toBe(at('2026-12-07T01:00:00Z'))
  })

  it.each([
    [
      'an assistant that only quotes the words',
      {
        isApiErrorMessage: false,
        message: { model: 'claude-opus-4', content: "You've hit your 5-hour limit · resets 3pm (UTC)" },
      },
    ],
    ['a bad timestamp', { timestamp: 'yesterday' }],
    ['no text at all', { message: { model: '<synthetic>', content: [{ type: 'image' }] } }],
    ['a message that is not an object', { message: 'limit' }],
    [
      'a structured reset that is not a number',
      {
        quotaLimits: { status: 'rejected', rateLimitType: 'five_hour', resetsAt: '1796418593' },
        message: { model: '<synthetic>', content: [] },
      },
    ],
    [
      'a structured reset a year away',
      { quotaLimits: { status: 'rejected', rateLimitType: 'five_hour', resetsAt: 1830000000 } },
    ],
    ['a user record', { type: 'user' }],
  ])('is null for %s', (_name, extra) => {
    expect(limitReading(notice('API Error: 500', extra), { fallbackSessionId: 'f', ...utc })).toBeNull()
  })
})

describe('textLimit', () => {
  it.each([
    // [text, observed at, machine zone, window, reset]
    [
      "You've hit your limit · resets 6pm (America/Toronto)",
      '2026-03-26T17:23:56Z',
      'UTC',
      'five_hour',
      '2026-03-26T22:00:00Z',
    ],
    [
      "You've hit your session limit · resets 12:50am (America/Los_Angeles)",
      '2026-07-04T06:00:00Z',
      'UTC',
      'five_hour',
      '2026-07-04T07:50:00Z',
    ],
    [
      "You've hit your weekly limit · resets Jun 7, 4pm (Europe/Rome)",
      '2026-06-06T10:00:00Z',
      'UTC',
      'seven_day',
      '2026-06-07T14:00:00Z',
    ],
    [
      "You've hit your weekly limit · resets Sep 15 at 7pm",
      '2026-09-08T12:00:00Z',
      'UTC',
      'seven_day',
      '2026-09-15T19:00:00Z',
    ],
    [
      "You've hit your limit · resets Jul 31, 2am (UTC)",
      '2026-07-27T09:00:00Z',
      'Asia/Tokyo',
      'seven_day',
      '2026-07-31T02:00:00Z',
    ],
    [
      "You've reached your session limit · resets 3pm (Europe/Copenhagen)",
      '2026-05-02T10:00:00Z',
      'UTC',
      'five_hour',
      '2026-05-02T13:00:00Z',
    ],
    [
      "You've hit your Opus limit · resets Oct 7, 1am (UTC) · progress saved",
      '2026-10-03T12:00:00Z',
      'UTC',
      'seven_day_opus',
      '2026-10-07T01:00:00Z',
    ],
    [
      'You’ve hit your Sonnet limit · resets Jan 2, 2027, 1am (UTC)',
      '2026-12-30T12:00:00Z',
      'UTC',
      'seven_day_sonnet',
      '2027-01-02T01:00:00Z',
    ],
    // A date without a year that has passed this year is next year's.
    [
      "You've hit your weekly limit · resets Jan 2, 1am (UTC)",
      '2026-12-30T12:00:00Z',
      'UTC',
      'seven_day',
      '2027-01-02T01:00:00Z',
    ],
    [
      'Weekly limit reached · resets 10am (Asia/Seoul) · /upgrade to Max or turn on /extra-usage',
      '2025-12-01T04:32:07Z',
      'UTC',
      'seven_day',
      '2025-12-02T01:00:00Z',
    ],
    // No zone written: the machine's (where Claude Code formatted it), here New York in summer.
    [
      '5-hour limit reached ∙ resets 5am',
      '2025-08-23T07:00:00Z',
      'America/New_York',
      'five_hour',
      '2025-08-23T09:00:00Z',
    ],
    [
      'Opus weekly limit reached ∙ resets Oct 7, 1am',
      '2025-10-03T12:00:00Z',
      'UTC',
      'seven_day_opus',
      '2025-10-07T01:00:00Z',
    ],
    // The same wall-clock time already passed today: tomorrow's.
    ['5-hour limit reached ∙ resets 5am', '2025-08-23T06:00:00Z', 'UTC', 'five_hour', '2025-08-24T05:00:00Z'],
    // The pipe form: the epoch is exact; within 5 hours it can only be the 5-hour window.
    [
      'Claude AI usage limit reached|1749924000',
      '2025-06-14T17:56:06Z',
      'UTC',
      'five_hour',
      '2025-06-14T18:00:00Z',
    ],
    [
      'Claude AI usage limit reached|1750183200',
      '2025-06-14T17:56:06Z',
      'UTC',
      'seven_day',
      '2025-06-17T18:00:00Z',
    ],
  ])('%s', (text, observed, zone, window, reset) => {
    expect(textLimit(text, at(observed), { defaultTimeZone: () => zone })).toEqual({
      window: window as never,
      resetsAt: at(reset),
    })
  })

  it.each([
    "You've hit your limit",
    "You've hit your 5-hour limit · resets 13pm (UTC)",
    "You've hit your 5-hour limit · resets 3:75pm (UTC)",
    "You've hit your 5-hour limit · resets 0am (UTC)",
    "You've hit your 5-hour limit · resets 3pm (Not/AZone)",
    "You've hit your 5-hour limit · resets 3pm (<script>alert(1)</script>)",
    "You've hit your weekly limit · resets Foo 7, 1am (UTC)",
    "You've hit your weekly limit · resets Feb 40, 1am (UTC)",
    "You've hit your monthly spend limit · /usage-credits to raise it",
    "You've hit your fast limit · resets in 5m",
    'Claude AI usage limit reached|abc',
    'Claude AI usage limit reached|17499240001234',
    'API Error: 429 {"type":"error","error":{"type":"rate_limit_error"}}',
    '',
    `You've hit your 5-hour limit · resets 3pm (UTC) ${'·'.repeat(500)}`,
    `You've hit your ${'a'.repeat(390)} limit`,
  ])('is null for %p', (text) => {
    expect(textLimit(text, at('2026-12-04T18:00:00Z'), utc)).toBeNull()
  })

  it('refuses a reset that is no plan window: long past or months ahead', () => {
    const ctx = { fallbackSessionId: 'f', ...utc }
    expect(limitReading(notice('Claude AI usage limit reached|1700000000'), ctx)).toBeNull()
    expect(limitReading(notice('Claude AI usage limit reached|1830000000'), ctx)).toBeNull()
  })
})

describe('parseTranscriptLine', () => {
  const ctx = { fallbackSessionId: 'f', fallbackProject: 'p', ...utc }

  it('turns a limit notice into a reading, and other synthetic errors stay skipped', () => {
    expect(parseTranscriptLine(realRecord, ctx)).toMatchObject({
      kind: 'limit',
      reading: { window: 'five_hour', resetsAt: 1796418593000, source: 'transcript' },
    })
    const other = notice('API Error: Connection error.', {
      message: {
        id: 'm',
        model: '<synthetic>',
        content: [{ type: 'text', text: 'API Error' }],
        usage: realRecord.message.usage,
      },
    })
    expect(parseTranscriptLine(other, ctx)).toEqual({ kind: 'skip', reason: 'synthetic-message' })
  })
})
