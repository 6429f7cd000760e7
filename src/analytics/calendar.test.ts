import { describe, expect, it } from 'bun:test'
import { isUtcZone } from '../model/time-zones.ts'
import { dayKey, dayStartsBetween, monthKey, parseDate, startOfDay, weekKey } from './calendar.ts'

const utcAliases = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Universal', 'Zulu', 'Etc/GMT-0', 'Greenwich']
// Instants around the edges the arithmetic path must agree with Intl on: epoch, leap days, year ends,
// before 1970, and outside four-digit years (where Intl answers).
const instants = [
  0,
  -1,
  Date.parse('1969-12-31T23:59:59.999Z'),
  Date.parse('2024-02-29T23:59:59.999Z'),
  Date.parse('2026-12-31T23:59:59.999Z'),
  Date.parse('2027-01-01T00:00:00.000Z'),
  Date.UTC(999, 11, 31, 12),
  Date.UTC(1000, 0, 1),
  Date.UTC(9999, 11, 31, 23),
  Date.UTC(10000, 0, 1, 1),
]

describe('calendar', () => {
  it.each(utcAliases)('%s is UTC, and its day keys are the ones Intl gives', (zone) => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    expect(isUtcZone(zone)).toBe(true)
    expect(instants.map((ms) => dayKey(ms, zone))).toEqual(instants.map((ms) => intl.format(ms)))
    expect(startOfDay(2024, 2, 29, zone)).toBe(Date.UTC(2024, 1, 29))
  })

  it.each(['Europe/London', 'Africa/Casablanca', 'Etc/GMT+1', 'utc'])('%s is not taken for UTC', (zone) => {
    expect(isUtcZone(zone)).toBe(false)
  })

  it.each([
    ['UTC', '2026-11-20T23:30:00Z', '2026-11-20'],
    ['Asia/Kolkata', '2026-11-20T18:30:00Z', '2026-11-21'],
    ['Asia/Kolkata', '2026-11-20T18:29:59Z', '2026-11-20'],
    ['America/Los_Angeles', '2026-11-21T07:59:00Z', '2026-11-20'],
  ])('dayKey in %s of %s is %s', (tz, iso, day) => {
    expect(dayKey(Date.parse(iso), tz)).toBe(day)
  })

  it('monthKey', () => {
    expect(monthKey(Date.parse('2026-12-31T23:00:00Z'), 'Europe/Berlin')).toBe('2027-01')
  })

  it.each([
    ['sunday', '2026-11-25T12:00:00Z', '2026-11-22'],
    ['monday', '2026-11-25T12:00:00Z', '2026-11-23'],
    ['monday', '2026-11-23T00:00:00Z', '2026-11-23'],
    ['sunday', '2027-01-01T12:00:00Z', '2026-12-27'],
  ] as const)('weekKey starting %s of %s is %s', (start, iso, week) => {
    expect(weekKey(Date.parse(iso), 'UTC', start)).toBe(week)
  })

  it.each([
    ['UTC', 2026, 11, 20, '2026-11-20T00:00:00.000Z'],
    ['Asia/Kolkata', 2026, 11, 20, '2026-11-19T18:30:00.000Z'],
    ['America/New_York', 2026, 3, 8, '2026-03-08T05:00:00.000Z'],
    ['America/New_York', 2026, 3, 9, '2026-03-09T04:00:00.000Z'],
    ['Europe/Berlin', 2026, 10, 25, '2026-10-24T22:00:00.000Z'],
  ])('startOfDay in %s of %i-%i-%i', (tz, y, m, d, iso) => {
    expect(new Date(startOfDay(y, m, d, tz)).toISOString()).toBe(iso)
  })

  it.each([
    ['20261120', { year: 2026, month: 11, day: 20 }],
    ['2026-11-20', { year: 2026, month: 11, day: 20 }],
    ['2026-02-30', undefined],
    ['2026-13-01', undefined],
    ['yesterday', undefined],
    ["2026-11-20'; DROP TABLE api_requests; --", undefined],
  ])('parseDate(%p)', (text, expected) => {
    expect(parseDate(text)).toEqual(expected)
  })
})

describe('dayStartsBetween', () => {
  // Africa/Abidjan has been UTC+0 since 1912 but is not a UTC alias: it takes the Intl path.
  it.each([
    ['2024-02-27T13:00:00Z', '2024-03-02T00:00:00Z'],
    ['2026-12-30T00:00:00Z', '2027-01-02T23:59:59.999Z'],
    ['1969-12-30T23:00:00Z', '1970-01-01T00:00:00Z'],
    ['2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'],
  ])('in UTC from %s to %s: the days Intl gives', (since, until) => {
    const range = [Date.parse(since), Date.parse(until)] as const
    expect(dayStartsBetween(...range, 'UTC')).toEqual(dayStartsBetween(...range, 'Africa/Abidjan'))
  })

  it('gives each local midnight, 23 and 25 hours apart across daylight-saving changes', () => {
    const starts = dayStartsBetween(
      Date.parse('2026-03-07T12:00:00Z'),
      Date.parse('2026-03-09T12:00:00Z'),
      'America/New_York',
    )
    expect(starts).toEqual([
      Date.parse('2026-03-07T05:00:00Z'),
      Date.parse('2026-03-08T05:00:00Z'),
      Date.parse('2026-03-09T04:00:00Z'),
    ])
    expect(
      dayStartsBetween(Date.parse('2026-11-01T12:00:00Z'), Date.parse('2026-11-01T13:00:00Z'), 'UTC'),
    ).toEqual([Date.parse('2026-11-01T00:00:00Z')])
  })
})
