import { describe, expect, it } from 'bun:test'
import { dayKey, dayStartsBetween, monthKey, parseDate, startOfDay, weekKey } from './calendar.ts'

describe('calendar', () => {
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
