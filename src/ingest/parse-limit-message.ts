// Pure: Claude Code's own "limit reached … resets …" messages in a transcript, as plan-limit readings
// at 100%, so the history from before the statusline (or without it) still counts the hits.
//
// What Claude Code writes when a request is refused for a plan limit: an assistant record with
// `isApiErrorMessage: true`, `error: "rate_limit"` and `message.model: "<synthetic>"`, whose one text
// block is the notice. Seen so far (the source of each form is named beside its pattern below):
// - 2.1.x (checked against the bundled 2.1.332 binary, which also writes the structured fields):
//   `quotaLimits` / `apiErrorParams.rate_limit_info` = {status: "rejected", rateLimitType, resetsAt}
//   beside the text "You've hit your 5-hour limit · resets 10:09pm (Europe/Berlin)".
// - Earlier 2.x text only: "You've hit your limit · resets 6pm (America/Toronto)",
//   "You've hit your session limit · resets 12:50am (America/Los_Angeles)",
//   "You've hit your weekly limit · resets Jun 7, 4pm (Europe/Rome)" (anthropics/claude-code issues
//   #39500, #74079, #65802), "Weekly limit reached · resets 10am (Asia/Seoul) · /upgrade …" (#12789).
// - 1.0.1xx: "5-hour limit reached ∙ resets 5am" (#6392, #7892), "Opus weekly limit reached ∙ …".
// - 1.0.x up to 2.0.x: "Claude AI usage limit reached|1749924000", the reset in epoch seconds
//   (#2087, #1328, #8835).

import { addDays, dayKey, parseDate, wallClockTime } from '../analytics/calendar.ts'
import { systemTimezone } from '../config/load-config.ts'
import { type RateLimitObservation, type RateLimitWindow, withoutSnapshot } from '../model/rate-limits.ts'
import { isKnownTimeZone } from '../model/time-zones.ts'
import { isObject, type JsonObject, optionalString } from '../model/transcript-schema.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** A 5-hour window resets at most 5 hours after any moment in it; a minute's slack for rounding. */
const FIVE_HOUR_REACH_MS = 5 * HOUR_MS + 60_000
/** No plan window resets further out than a month; a reset beyond that is a misreading. */
const MAX_RESET_AHEAD_MS = 32 * DAY_MS
/** Notices are one short line; a longer text is something else and is not searched. */
const MAX_TEXT = 400

/** Claude Code's `rateLimitType` names for the windows we keep. */
const structuredWindows: Record<string, RateLimitWindow> = {
  five_hour: 'five_hour',
  seven_day: 'seven_day',
  seven_day_opus: 'seven_day_opus',
  seven_day_sonnet: 'seven_day_sonnet',
}

/** The window a notice names, lower-cased; `null` when it names none ("your limit"). */
const namedWindows: Record<string, RateLimitWindow | null> = {
  '': null,
  usage: null,
  session: 'five_hour',
  '5-hour': 'five_hour',
  weekly: 'seven_day',
  opus: 'seven_day_opus',
  'opus weekly': 'seven_day_opus',
  sonnet: 'seven_day_sonnet',
  'sonnet weekly': 'seven_day_sonnet',
}

const SEP = '\\s*[·∙•]\\s*'
const WINDOW = '(|usage|session|5-hour|weekly|opus(?: weekly)?|sonnet(?: weekly)?)'
const textForms = [
  // 2.x: "You've hit your weekly limit · resets Jun 7, 4pm (Europe/Rome) · progress saved"
  new RegExp(
    `^you(?:'|’)ve (?:hit|reached) your ${WINDOW} ?limit(?:${SEP}resets (?:at )?([^·∙•]+))?(?:${SEP}.*)?$`,
    'i',
  ),
  // 1.0.1xx-2.0.x: "5-hour limit reached ∙ resets 5am", "Weekly limit reached · resets 10am (Asia/Seoul)"
  new RegExp(`^${WINDOW} ?limit reached(?:${SEP}resets (?:at )?([^·∙•]+))?(?:${SEP}.*)?$`, 'i'),
]
const LEGACY = /^claude ai usage limit reached\|(\d{9,11})$/i

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Claude Code's reset formats: "3pm", "10:09pm", "Oct 7, 1am", "Jan 2, 2027, 1am", "Sep 15 at 7pm",
// each optionally followed by the zone it was written in, "(Europe/Berlin)".
const RESET_TIME =
  /^(?:([a-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?(?:,? at |, | ))?(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\.?(?: \(([^()]{1,64})\))?$/i

let machineZone: string | undefined
/** Where Claude Code wrote a reset without a zone; asked only then (the first lookup loads ICU data). */
export function machineTimeZone(): string {
  machineZone ??= systemTimezone(process.env)
  return machineZone
}

interface LimitContext {
  /** Session id to use when the record has none. */
  fallbackSessionId: string
  /** The zone a reset written without one is read in: the machine's, where Claude Code wrote it. */
  defaultTimeZone: () => string
}

/** The reading a limit notice records, or null when the record is no limit notice we can place. */
export function limitReading(line: JsonObject, ctx: LimitContext): RateLimitObservation | null {
  if (line.type !== 'assistant' || !isObject(line.message)) return null
  if (line.isApiErrorMessage !== true && line.message.model !== '<synthetic>') return null
  const observedAt = Date.parse(String(line.timestamp))
  if (!Number.isFinite(observedAt)) return null
  const found = structuredLimit(line) ?? textLimit(noticeText(line.message.content), observedAt, ctx)
  if (!found) return null
  const ahead = found.resetsAt - observedAt
  if (ahead < -HOUR_MS || ahead > MAX_RESET_AHEAD_MS) return null
  return {
    window: found.window,
    usedPercentage: 100,
    resetsAt: found.resetsAt,
    firstObservedAt: observedAt,
    lastObservedAt: observedAt,
    sessionId: optionalString(line.sessionId) ?? ctx.fallbackSessionId,
    source: 'transcript',
    ...withoutSnapshot,
  }
}

interface Limit {
  window: RateLimitWindow
  resetsAt: number
}

/** Newer versions keep the refusal's rate-limit headers beside the text: exact window and reset. */
function structuredLimit(line: JsonObject): Limit | null {
  const params = line.apiErrorParams
  const candidates = [line.quotaLimits, isObject(params) ? params.rate_limit_info : undefined]
  for (const info of candidates) {
    if (!isObject(info) || info.status !== 'rejected') continue
    const window = typeof info.rateLimitType === 'string' ? structuredWindows[info.rateLimitType] : undefined
    const resetsAt = info.resetsAt
    if (window && typeof resetsAt === 'number' && Number.isFinite(resetsAt) && resetsAt > 0)
      return { window, resetsAt: Math.round(resetsAt) * 1000 }
  }
  return null
}

function noticeText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  const first = content.find((b) => isObject(b) && typeof b.text === 'string') as { text: string } | undefined
  return first?.text ?? ''
}

/** Reads the notice's own words; exported for the unit tests of each form. */
export function textLimit(
  raw: string,
  observedAt: number,
  ctx: Pick<LimitContext, 'defaultTimeZone'>,
): Limit | null {
  if (raw.length > MAX_TEXT) return null
  const text = raw.trim()
  const legacy = LEGACY.exec(text)
  if (legacy) {
    const resetsAt = Number(legacy[1]) * 1000
    return { window: unnamedWindow(resetsAt, observedAt), resetsAt }
  }
  for (const form of textForms) {
    const m = form.exec(text)
    if (!m) continue
    const named = namedWindows[(m[1] ?? '').toLowerCase()]
    const resetsAt = m[2] === undefined ? null : resetTime(m[2].trim(), observedAt, ctx.defaultTimeZone)
    if (resetsAt === null) return null
    return { window: named ?? unnamedWindow(resetsAt, observedAt), resetsAt }
  }
  return null
}

/** "Your limit" names no window: one that resets within 5 hours can only be the 5-hour window. */
function unnamedWindow(resetsAt: number, observedAt: number): RateLimitWindow {
  return resetsAt - observedAt <= FIVE_HOUR_REACH_MS ? 'five_hour' : 'seven_day'
}

/**
 * The next instant after the notice at the written wall-clock time, in the written zone, else the
 * machine's zone (where Claude Code formatted it). A date without a year that already passed this
 * year is next year's ("Jan 2" written on Dec 30).
 */
function resetTime(text: string, observedAt: number, defaultTimeZone: () => string): number | null {
  const m = RESET_TIME.exec(text)
  if (!m) return null
  const [, monthName, dayText, yearText, hourText, minuteText, meridiem, zoneText] = m
  const hour12 = Number(hourText)
  const minute = minuteText === undefined ? 0 : Number(minuteText)
  if (hour12 < 1 || hour12 > 12 || minute > 59) return null
  const hour = (hour12 % 12) + (meridiem?.toLowerCase() === 'p' ? 12 : 0)
  const timeZone = zoneText ?? defaultTimeZone()
  if (!isKnownTimeZone(timeZone)) return null
  const today = parseDate(dayKey(observedAt, timeZone))
  if (!today) return null
  if (monthName === undefined) {
    const at = wallClockTime(today, hour, minute, timeZone)
    return at > observedAt ? at : wallClockTime(addDays(today, 1), hour, minute, timeZone)
  }
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1
  const day = Number(dayText)
  if (month === 0 || day < 1 || day > 31) return null
  const year = yearText === undefined ? today.year : Number(yearText)
  const at = wallClockTime({ year, month, day }, hour, minute, timeZone)
  if (yearText === undefined && at < observedAt - DAY_MS)
    return wallClockTime({ year: year + 1, month, day }, hour, minute, timeZone)
  return at
}
