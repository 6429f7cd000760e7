import { afterAll, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from './load-config.ts'
import { formatMemoryLimits } from './memory-limits.ts'

const home = mkdtempSync(join(tmpdir(), 'cc-memory-'))
const withFile = mkdtempSync(join(tmpdir(), 'cc-memory-file-'))
writeFileSync(join(withFile, 'config.toml'), 'memory_limit = ["collector=300", "dashboard=off"]\n')
afterAll(() => {
  rmSync(home, { recursive: true, force: true })
  rmSync(withFile, { recursive: true, force: true })
})

it.each([
  [{}, {}, home, 'ingest=384,collector=512,dashboard=384', 'default'],
  [{}, {}, withFile, 'ingest=384,collector=300,dashboard=off', 'config'],
  [
    {},
    { CONTEXT_CLEANER_MEMORY_LIMIT: 'ingest=100' },
    withFile,
    'ingest=100,collector=512,dashboard=384',
    'env',
  ],
  [
    { memoryLimits: 'collector=5, dashboard=1000' },
    {},
    home,
    'ingest=384,collector=5,dashboard=1000',
    'flag',
  ],
  [{ memoryLimits: 'off' }, {}, home, 'ingest=off,collector=off,dashboard=off', 'flag'],
])('flag %o, env %o: the limits are %s (from %s)', (flags, extra, dir, limits, source) => {
  const config = loadConfig(flags, { CONTEXT_CLEANER_HOME: dir, ...extra })
  expect([formatMemoryLimits(config.memoryLimits), config.sources.memoryLimits]).toEqual([limits, source])
})

it.each([
  ['collector'],
  ['collector=0'],
  ['collector=5.5'],
  ['nope=5'],
  ['collector=-1'],
  ['collector=lots'],
])('refuses %p with the expected form', (value) => {
  expect(() => loadConfig({ memoryLimits: value }, { CONTEXT_CLEANER_HOME: home })).toThrow(
    `Expected \`--memory-limit\` to be <service>=<MB> (service: ingest, collector, dashboard; MB: 1-1048576 or off), got \`${value}\``,
  )
})
