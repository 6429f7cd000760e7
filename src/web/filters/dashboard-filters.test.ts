import { describe, expect, it } from 'bun:test'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { daysBetween, parseFilters, toDashboardFilter } from './dashboard-filters.ts'

const now = Date.parse('2026-03-10T15:00:00Z')

describe('parseFilters', () => {
  it('defaults to the last 30 days', () => {
    expect(parseFilters({})).toEqual({ range: '30d' })
  })

  it('keeps project and model, and dates only for a custom range', () => {
    expect(parseFilters({ range: '7d', from: '2026-01-01', project: 'app', model: 'claude-x' })).toEqual({
      range: '7d',
      project: 'app',
      model: 'claude-x',
    })
    expect(parseFilters({ range: 'custom', from: '2026-01-01', to: '2026-01-31' })).toEqual({
      range: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
    })
  })

  it.each([
    [{ range: 'year' }, 'Expected `range` to be one of today, 7d, 30d, 90d, all, custom, got `year`'],
    [{ range: 'custom', from: '2026-02-30' }, 'Expected `from` to be a date (YYYY-MM-DD), got `2026-02-30`'],
    [{ project: ['a', 'b'] }, 'Expected one `project`, got 2'],
  ])('rejects %p', (query, message) => {
    expect(() => parseFilters(query)).toThrow(message)
  })
})

describe('toDashboardFilter', () => {
  it.each([
    ['today', 'UTC', Date.parse('2026-03-10T00:00:00Z')],
    ['7d', 'UTC', Date.parse('2026-03-04T00:00:00Z')],
    ['30d', 'America/New_York', Date.parse('2026-02-09T05:00:00Z')],
  ] as const)('%s in %s starts at local midnight', (range, zone, since) => {
    expect(toDashboardFilter({ range }, zone, now)).toEqual({ since })
  })

  it('makes a custom range inclusive of its last day', () => {
    expect(toDashboardFilter({ range: 'custom', from: '2026-01-01', to: '2026-01-31' }, 'UTC', now)).toEqual({
      since: Date.parse('2026-01-01T00:00:00Z'),
      until: Date.parse('2026-02-01T00:00:00Z'),
    })
  })

  it('has no time bounds for all time, and carries project and model', () => {
    expect(toDashboardFilter({ range: 'all', project: 'p', model: 'm' }, 'UTC', now)).toEqual({
      project: 'p',
      model: 'm',
    })
  })
})

describe('filterQuery', () => {
  it('leaves the default range out and encodes values', () => {
    expect(filterQuery({ range: '30d' })).toBe('')
    expect(filterQuery({ range: '7d', project: '/home/me/a b&c' }, { page: 2, q: undefined })).toBe(
      '?range=7d&project=%2Fhome%2Fme%2Fa+b%26c&page=2',
    )
  })
})

describe('daysBetween', () => {
  it('lists local days across a DST change with their true starts', () => {
    const days = daysBetween(
      Date.parse('2026-03-07T12:00:00Z'),
      Date.parse('2026-03-09T12:00:00Z'),
      'America/New_York',
    )
    expect(days).toEqual([
      { key: '2026-03-07', start: Date.parse('2026-03-07T05:00:00Z') },
      { key: '2026-03-08', start: Date.parse('2026-03-08T05:00:00Z') },
      { key: '2026-03-09', start: Date.parse('2026-03-09T04:00:00Z') },
    ])
  })
})
