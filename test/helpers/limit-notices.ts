// Claude Code's "limit reached" notices as transcript lines, for fixtures built inside tests.

export interface LimitNoticeOptions {
  session: string
  timestamp: string
  text: string
  /** What 2.1.x keeps beside the text: the refusal's rate-limit headers. */
  quotaLimits?: { status: string; resetsAt: number; rateLimitType: string }
}

/** The synthetic assistant record Claude Code writes when a request is refused (shape of 2.1.332). */
export function limitNotice(o: LimitNoticeOptions): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    type: 'assistant',
    uuid: crypto.randomUUID(),
    timestamp: o.timestamp,
    message: {
      id: crypto.randomUUID(),
      model: '<synthetic>',
      role: 'assistant',
      stop_reason: 'stop_sequence',
      type: 'message',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
      content: [{ type: 'text', text: o.text }],
    },
    ...(o.quotaLimits ? { quotaLimits: o.quotaLimits, apiError: 'usage_limit_reached' } : {}),
    error: 'rate_limit',
    isApiErrorMessage: true,
    cwd: '/home/dev/app',
    sessionId: o.session,
    version: '2.1.332',
  })
}

/** A reset time as Claude Code prints it: `10pm`, `10:30pm`, or with the date, `Dec 7, 1am`. */
export function claudeResetText(ms: number, timeZone: string, withDate = false): string {
  const minutes = new Date(ms).getUTCMinutes()
  const text = new Date(ms).toLocaleString('en-US', {
    ...(withDate ? { month: 'short', day: 'numeric' } : {}),
    hour: 'numeric',
    ...(minutes === 0 ? {} : { minute: '2-digit' }),
    hour12: true,
    timeZone,
  })
  return text.replace(/[ \u202f]([AP]M)/i, (_m, meridiem: string) => meridiem.toLowerCase())
}
