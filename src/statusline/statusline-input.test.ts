import { describe, expect, it } from 'bun:test'
import { parseStatusInput } from './statusline-input.ts'

// Shaped as Claude Code's statusLine documentation gives it (2.x), trimmed to what matters.
const full = {
  hook_event_name: 'Status',
  session_id: 'abc123',
  transcript_path: '/home/dev/.claude/projects/-home-dev-app/abc123.jsonl',
  cwd: '/home/dev/app',
  version: '2.1.331',
  model: { id: 'claude-opus-4-1', display_name: 'Opus' },
  workspace: { current_dir: '/home/dev/app', project_dir: '/home/dev/app' },
  output_style: { name: 'default' },
  cost: {
    total_cost_usd: 0.01234,
    total_duration_ms: 45000,
    total_api_duration_ms: 2300,
    total_lines_added: 156,
    total_lines_removed: 23,
  },
  context_window: {
    total_input_tokens: 15234,
    total_output_tokens: 4521,
    context_window_size: 200000,
    current_usage: {
      input_tokens: 8500,
      output_tokens: 1200,
      cache_creation_input_tokens: 5000,
      cache_read_input_tokens: 2000,
    },
    used_percentage: 7.75,
    remaining_percentage: 92.25,
  },
  exceeds_200k_tokens: false,
  rate_limits: {
    five_hour: { used_percentage: 23.5, resets_at: 1764867600 },
    seven_day: { used_percentage: 41, resets_at: 1765209600 },
  },
  prompt_cache: { warm: true, ttl: 300, expires_at: 1764860000, hit_ratio: 0.93 },
}

describe('parseStatusInput', () => {
  it('reads every documented field', () => {
    expect(parseStatusInput(JSON.stringify(full))).toEqual({
      sessionId: 'abc123',
      transcriptPath: '/home/dev/.claude/projects/-home-dev-app/abc123.jsonl',
      cwd: '/home/dev/app',
      modelId: 'claude-opus-4-1',
      modelName: 'Opus',
      costUsd: 0.01234,
      contextWindowSize: 200000,
      currentUsage: {
        inputTokens: 8500,
        outputTokens: 1200,
        cacheCreationTokens: 5000,
        cacheReadTokens: 2000,
      },
      contextUsedPercentage: 7.75,
      limits: [
        {
          window: 'five_hour',
          usedPercentage: 23.5,
          resetsAt: 1764867600000,
          usedUsd: null,
          limitUsd: null,
          period: null,
        },
        {
          window: 'seven_day',
          usedPercentage: 41,
          resetsAt: 1765209600000,
          usedUsd: null,
          limitUsd: null,
          period: null,
        },
      ],
      promptCache: { warm: true, expiresAt: 1764860000000, hitRatio: 0.93 },
    })
  })

  it('takes a payload without rate_limits (an API-key user) and with null current_usage (before the first response)', () => {
    const { rate_limits: _, prompt_cache: __, ...rest } = full
    const input = parseStatusInput(
      JSON.stringify({
        ...rest,
        context_window: { ...full.context_window, current_usage: null, used_percentage: null },
      }),
    )
    expect(input?.limits).toEqual([])
    expect(input?.currentUsage).toBeNull()
    expect(input?.contextUsedPercentage).toBeNull()
    expect(input?.promptCache).toBeNull()
  })

  it('reads a spend_limit window with its dollars and period', () => {
    const input = parseStatusInput(
      JSON.stringify({
        session_id: 's',
        rate_limits: {
          spend_limit: {
            used_percentage: 62,
            resets_at: 1767225600,
            used_usd: 124,
            limit_usd: 200,
            period: 'monthly',
          },
        },
      }),
    )
    expect(input?.limits).toEqual([
      {
        window: 'spend_limit',
        usedPercentage: 62,
        resetsAt: 1767225600000,
        usedUsd: 124,
        limitUsd: 200,
        period: 'monthly',
      },
    ])
  })

  it('ignores unknown fields, unknown windows and wrongly typed values', () => {
    const input = parseStatusInput(
      JSON.stringify({
        ...full,
        brand_new_field: { nested: [1, 2, 3] },
        model: { id: 42, display_name: null },
        cost: { total_cost_usd: 'a lot' },
        rate_limits: {
          five_hour: { used_percentage: '23', resets_at: 1764867600 },
          seven_day_overage_included: { used_percentage: 10, resets_at: 1765209600 },
          seven_day: { used_percentage: 41, resets_at: 'soon' },
        },
      }),
    )
    expect(input?.modelId).toBeNull()
    expect(input?.modelName).toBeNull()
    expect(input?.costUsd).toBeNull()
    expect(input?.limits).toEqual([
      {
        window: 'seven_day',
        usedPercentage: 41,
        resetsAt: null,
        usedUsd: null,
        limitUsd: null,
        period: null,
      },
    ])
  })

  it.each(['', 'not json', '[1,2]', 'null', '42', '{"session_id": "trunc', '\u0000\u0001'])(
    'gives null for %j',
    (text) => {
      expect(parseStatusInput(text)).toBeNull()
    },
  )
})
