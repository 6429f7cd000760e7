import { describe, expect, test } from 'bun:test'
import { accepted, otlpFixtures } from '../../test/helpers/otlp-fixtures.ts'
import { apiRequestEvent, attrs, claudeEvent, logsPayload } from '../../test/helpers/otlp-payloads.ts'
import { defaultNormalizeLimits } from './normalize-common.ts'
import { normalizeLogs } from './normalize-logs.ts'

const opts = { ...defaultNormalizeLimits, storePrompts: false, now: 1_800_000_000_000 }

describe('normalizeLogs on genuine Claude Code payloads', () => {
  test.each(['json', 'protobuf'] as const)('%s: every record kept, events normalized', async (name) => {
    const result = accepted(normalizeLogs(await otlpFixtures[name]('logs'), opts))
    expect(result.rejected).toBe(0)
    expect(result.accepted).toBe(16)
    expect(result.batch.logs).toHaveLength(16)
    const { apiRequests, toolCalls, prompts, sessions } = result.batch
    expect(
      apiRequests.map((r) => [
        r.model,
        r.inputTokens,
        r.outputTokens,
        r.cacheCreationTokens,
        r.cacheReadTokens,
      ]),
    ).toEqual([
      ['claude-sonnet-4-5-20250929', 1200, 35, 4000, 0],
      ['claude-sonnet-4-5-20250929', 80, 52, 300, 4000],
      ['claude-haiku-4-5-20251001', 60, 20, 0, 4300],
      ['claude-sonnet-4-5-20250929', 15, 120, 0, 4400],
    ])
    expect(apiRequests.map((r) => Math.round((r.costUsd ?? 0) * 1e6))).toEqual([19125, 3570, 1770, 3165])
    for (const r of apiRequests) {
      expect(r.key).toBe(`req:${r.requestId}`)
      expect(r.project).toBe('')
      expect(r.source).toBe('otlp')
      expect(r.querySource).toBe('sdk')
      expect(r.version).toBe('2.1.331')
    }
    expect(apiRequests[1]?.cacheCreation5mTokens).toBe(200)
    expect(apiRequests[1]?.cacheCreation1hTokens).toBe(100)
    // tool_decision and tool_result of one tool use share a key, so the store merges them.
    expect(toolCalls.map((t) => [t.toolName, t.decision, t.success])).toEqual([
      ['Read', 'accept', null],
      ['Read', null, true],
      ['Write', 'accept', null],
      ['Write', null, true],
      ['Bash', 'accept', null],
      ['Bash', null, true],
    ])
    expect(new Set(toolCalls.map((t) => t.key)).size).toBe(3)
    expect(prompts.map((p) => [p.length, p.text])).toEqual([[22, null]])
    expect(sessions).toHaveLength(1)
    expect(sessions[0]?.project).toBe('')
  })

  test('the JSON and protobuf captures normalize to the same shapes', async () => {
    const shape = (r: ReturnType<typeof normalizeLogs>) =>
      accepted(r).batch.logs.map((l) => [l.eventName, Object.keys(JSON.parse(l.attributes)).sort()])
    expect(shape(normalizeLogs(await otlpFixtures.protobuf('logs'), opts))).toEqual(
      shape(normalizeLogs(await otlpFixtures.json('logs'), opts)),
    )
  })
})

describe('normalizeLogs rejects bad records one by one', () => {
  const good = apiRequestEvent({ requestId: 'req_1', sessionId: 's1', input: 10, output: 5, costUsd: 0.01 })

  test.each([
    [
      'a string token count',
      { input_tokens: 'many' },
      'api_request token count is not a non-negative integer',
    ],
    ['a negative count', { output_tokens: -3 }, 'api_request token count is not a non-negative integer'],
    [
      'a fractional count',
      { cache_read_tokens: 1.5 },
      'api_request token count is not a non-negative integer',
    ],
    ['a string cost', { cost_usd: 'free' }, 'api_request cost_usd is not a non-negative number'],
  ])('%s', (_name, override, reason) => {
    const bad = apiRequestEvent({ requestId: 'req_2', sessionId: 's1', input: 10, output: 5, costUsd: 0.01 })
    bad.attributes = [...bad.attributes.filter((a) => !(a.key in override)), ...attrs(override)]
    const result = accepted(normalizeLogs(logsPayload([good, bad]), opts))
    expect(result).toMatchObject({ accepted: 1, rejected: 1, errorMessage: `${reason} (1)` })
    expect(result.batch.apiRequests.map((r) => r.requestId)).toEqual(['req_1'])
  })

  test('too many attributes reject the record, not the request', () => {
    const flood = claudeEvent('api_request', 1_795_000_000_000, {})
    flood.attributes = Array.from({ length: 100_000 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }))
    const result = accepted(normalizeLogs(logsPayload([good, flood]), opts))
    expect(result).toMatchObject({ accepted: 1, rejected: 1 })
    expect(result.errorMessage).toBe('more than 512 attributes (1)')
  })

  test.each([
    ['not an object', 'x'],
    ['resourceLogs not an array', { resourceLogs: {} }],
    ['scopeLogs not an array', { resourceLogs: [{ scopeLogs: 3 }] }],
    ['logRecords not an array', { resourceLogs: [{ scopeLogs: [{ logRecords: 'no' }] }] }],
  ])('a malformed envelope (%s) rejects the whole request', (_name, doc) => {
    expect(normalizeLogs(doc, opts).ok).toBe(false)
  })

  test('an empty request is fine', () => {
    expect(normalizeLogs({}, opts)).toMatchObject({ ok: true, accepted: 0, rejected: 0 })
  })
})

describe('normalizeLogs and privacy', () => {
  const prompt = claudeEvent('user_prompt', 1_795_000_000_000, {
    'session.id': 's1',
    'prompt.id': 'p1',
    prompt_length: '11',
    prompt: 'hello world',
    response: 'secret reply',
  })

  test('prompt text is dropped unless the config allows it', () => {
    const result = accepted(normalizeLogs(logsPayload([prompt]), opts))
    expect(result.batch.prompts[0]).toMatchObject({ key: 'prompt:p1', length: 11, text: null })
    expect(JSON.parse(result.batch.logs[0]?.attributes ?? '{}')).toMatchObject({
      prompt: '<REDACTED>',
      response: '<REDACTED>',
    })
  })

  test('prompt text is kept when the config allows it; replies never are', () => {
    const result = accepted(normalizeLogs(logsPayload([prompt]), { ...opts, storePrompts: true }))
    expect(result.batch.prompts[0]?.text).toBe('hello world')
    expect(JSON.parse(result.batch.logs[0]?.attributes ?? '{}')).toMatchObject({
      prompt: 'hello world',
      response: '<REDACTED>',
    })
  })
})

describe('normalizeLogs on other events', () => {
  test('unknown events and plain logs are kept raw only', () => {
    const unknown = claudeEvent('brand_new_event', 1_795_000_000_000, { 'session.id': 's1', weird: 1 })
    const plain = { timeUnixNano: '0', body: { stringValue: 'hello' }, attributes: [] }
    const result = accepted(normalizeLogs(logsPayload([unknown, plain]), opts))
    expect(result.batch.logs.map((l) => [l.eventName, l.body, l.timestamp])).toEqual([
      ['claude_code.brand_new_event', 'claude_code.brand_new_event', 1_795_000_000_000],
      [null, 'hello', opts.now],
    ])
    expect(result.batch.apiRequests).toEqual([])
  })

  test('an api_request without request_id stays raw (it could not meet its transcript copy)', () => {
    const event = claudeEvent('api_request', 1_795_000_000_000, { input_tokens: 1, output_tokens: 1 })
    const result = accepted(normalizeLogs(logsPayload([event]), opts))
    expect(result).toMatchObject({ accepted: 1, rejected: 0 })
    expect(result.batch.apiRequests).toEqual([])
  })

  test('api_error keeps status code and attempt; a missing status is null', () => {
    const events = [
      claudeEvent('api_error', 1_795_000_000_000, {
        'session.id': 's1',
        'event.sequence': 3,
        model: 'm',
        error: 'Overloaded',
        status_code: '529',
        attempt: 2,
        duration_ms: 900,
      }),
      claudeEvent('api_error', 1_795_000_000_001, {
        'session.id': 's1',
        'event.sequence': 4,
        error: 'Connection error',
        status_code: 'undefined',
        attempt: 3,
      }),
    ]
    const result = accepted(normalizeLogs(logsPayload(events), opts))
    expect(result.batch.apiErrors.map((e) => [e.statusCode, e.attempt, e.error])).toEqual([
      [529, 2, 'Overloaded'],
      [null, 3, 'Connection error'],
    ])
    expect(new Set(result.batch.apiErrors.map((e) => e.key)).size).toBe(2)
  })
})
