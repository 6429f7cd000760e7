import { afterAll, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from './load-config.ts'

const home = mkdtempSync(join(tmpdir(), 'cc-token-'))
writeFileSync(join(home, 'config.toml'), 'collector_token = "from-the-config-file-0123"\n')
const env = { CONTEXT_CLEANER_HOME: home }
afterAll(() => rmSync(home, { recursive: true, force: true }))

it.each([
  [{}, {}, 'from-the-config-file-0123', 'config'],
  [{}, { CONTEXT_CLEANER_COLLECTOR_TOKEN: 'from-the-environment-0123' }, 'from-the-environment-0123', 'env'],
  [{ collectorToken: 'from-the-flag-0123456789' }, {}, 'from-the-flag-0123456789', 'flag'],
])('flag %o, env %o: the token is %s (from %s)', (flags, extra, token, source) => {
  const config = loadConfig(flags, { ...env, ...extra })
  expect([config.collectorToken?.reveal(), config.sources.collectorToken]).toEqual([token, source])
})

it('has no token by default, and never prints one', () => {
  const none = loadConfig({}, { CONTEXT_CLEANER_HOME: join(home, 'elsewhere') })
  expect(none.collectorToken).toBeNull()
  expect(JSON.stringify(loadConfig({}, env))).not.toContain('from-the-config-file')
})
