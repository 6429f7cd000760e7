// Calendar arithmetic in an IANA time zone, without a date library: Intl gives the wall-clock parts.
// UTC is answered by plain Date arithmetic: the first Intl formatter of a process loads ICU's zone
// data (about 8 ms of a 50 ms warm report), and servers and CI mostly run in UTC.

import { isUtcZone } from '../model/time-zones.ts'

const DAY_MS = 86_400_000

/** Where ISO strings and Intl's `en-CA` dates agree (four-digit years); Intl answers outside it. */
const ISO_MIN_MS = Date.UTC(1000, 0, 1)
const ISO_MAX_MS = Date.UTC(10000, 0, 1) - 1

const dayFormatters = new Map<string, Intl.DateTimeFormat>()
const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormatters.set(timeZone, f)
  }
  return f
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dayKey(ms: number, timeZone: string): string {
  if (isUtcZone(timeZone) && ms >= ISO_MIN_MS && ms <= ISO_MAX_MS) {
    return new Date(ms).toISOString().slice(0, 10)
  }
  return dayFormatter(timeZone).format(ms)
}

export function monthKey(ms: number, timeZone: string): string {
  return dayKey(ms, timeZone).slice(0, 7)
}

export const weekdays = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const
export type Weekday = (typeof weekdays)[number]

/** `YYYY-MM-DD` of the first day of the week containing the instant. */
export function weekKey(ms: number, timeZone: string, startOfWeek: Weekday): string {
  const [y, m, d] = dayKey(ms, timeZone).split('-').map(Number) as [number, number, number]
  const utc = Date.UTC(y, m - 1, d)
  const back = (new Date(utc).getUTCDay() - weekdays.indexOf(startOfWeek) + 7) % 7
  return new Date(utc - back * 86_400_000).toISOString().slice(0, 10)
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffset(ms: number, timeZone: string): number {
  if (isUtcZone(timeZone)) return 0
  let f = partsFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    partsFormatters.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]))
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  )
  return wall - Math.floor(ms / 1000) * 1000
}

/** The instant at which a calendar day starts in a zone. */
export function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  return wallClockTime({ year, month, day }, 0, 0, timeZone)
}

/** The instant a wall clock in a zone shows a day's hour and minute. */
export function wallClockTime(
  day: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const guess = Date.UTC(day.year, day.month - 1, day.day, hour, minute)
  const first = guess - zoneOffset(guess, timeZone)
  // Across a DST change the offset at the guess and at the answer differ; one correction settles it.
  return guess - zoneOffset(first, timeZone)
}

const DATE_PATTERN = /^(\d{4})-?(\d{2})-?(\d{2})$/

/** Parses `YYYYMMDD` or `YYYY-MM-DD` into calendar parts, or undefined. */
export function parseDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = DATE_PATTERN.exec(text)
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined
  return { year, month, day }
}

export function addDays(parts: { year: number; month: number; day: number }, n: number) {
  const d = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + n))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** Starts of the calendar days from the one holding `since` to the one holding `until`, ascending. */
export function dayStartsBetween(since: number, until: number, timeZone: string): number[] {
  if (isUtcZone(timeZone)) {
    const starts: number[] = []
    for (let d = Math.floor(since / DAY_MS) * DAY_MS; d <= until; d += DAY_MS) starts.push(d)
    return starts
  }
  const first = parseDate(dayKey(since, timeZone))
  const last = dayKey(until, timeZone)
  const starts: number[] = []
  for (let d = first; d; d = addDays(d, 1)) {
    const key = `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
    if (key > last) break
    starts.push(startOfDay(d.year, d.month, d.day, timeZone))
  }
  return starts
}
