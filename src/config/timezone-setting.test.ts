import { afterAll, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from './load-config.ts'

const home = mkdtempSync(join(tmpdir(), 'cc-timezone-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

it.each([
  [{}, { TZ: 'UTC' }, 'UTC', 'default'],
  [{}, { TZ: ':Etc/UTC' }, 'Etc/UTC', 'default'],
  [{}, { TZ: 'UTC', CONTEXT_CLEANER_TIMEZONE: 'Asia/Kolkata' }, 'Asia/Kolkata', 'env'],
  [{ timezone: 'Etc/GMT' }, { TZ: 'Asia/Kolkata' }, 'Etc/GMT', 'flag'],
  [{ timezone: 'America/New_York' }, {}, 'America/New_York', 'flag'],
])('flag %o, env %o: the zone is %s (from %s)', (flags, extra, zone, source) => {
  const config = loadConfig(flags, { CONTEXT_CLEANER_HOME: home, ...extra })
  expect([config.timezone, config.sources.timezone]).toEqual([zone, source])
})

it('takes a zone it does not know by name from Intl, and refuses a made-up one', () => {
  expect(loadConfig({ timezone: 'utc' }, { CONTEXT_CLEANER_HOME: home }).timezone).toBe('utc')
  expect(() => loadConfig({ timezone: 'Mars/Olympus' }, { CONTEXT_CLEANER_HOME: home })).toThrow(
    'Expected `--timezone` to be an IANA time zone, got `Mars/Olympus`',
  )
})
