import { expect, it } from 'bun:test'
import { loadConfig } from '../config/load-config.ts'
import { cliCommand } from '../runtime/entry-points.ts'
import { commandFor, defaultServiceSpecs, unavailableReason } from './service-specs.ts'

const fromBin = (args: string[]) => ['/bin/bun', 'main.ts', ...args]

it('runs every service through `serve`, ingest first, with the configured ports', () => {
  const config = loadConfig({ dashboardPort: '9000', collectorPort: '9001' }, { CONTEXT_CLEANER_HOME: '/h' })
  const specs = defaultServiceSpecs(config, fromBin)
  expect(specs.map((s) => [s.name, s.port, s.dependsOn])).toEqual([
    ['ingest', 0, []],
    ['collector', 9001, ['ingest']],
    ['dashboard', 9000, ['ingest']],
  ])
  expect(commandFor(specs[1]!, 9002)).toEqual(['/bin/bun', 'main.ts', 'serve', 'collector', '--port', '9002'])
  expect(specs[0]?.env).toMatchObject({ CONTEXT_CLEANER_HOME: '/h', CONTEXT_CLEANER_COLLECTOR_PORT: '9001' })
})

it('gives each service its memory limit in bytes, and the supervisor the setting', () => {
  const config = loadConfig({ memoryLimits: 'collector=5,dashboard=off' }, { CONTEXT_CLEANER_HOME: '/h' })
  const specs = defaultServiceSpecs(config, fromBin)
  expect(specs.map((s) => [s.name, s.memoryLimitBytes])).toEqual([
    ['ingest', 384 * 2 ** 20],
    ['collector', 5 * 2 ** 20],
    ['dashboard', null],
  ])
  expect(specs[0]?.env.CONTEXT_CLEANER_MEMORY_LIMIT).toBe('ingest=384,collector=5,dashboard=off')
})

it('hands the collector its gRPC port as a port to choose, when gRPC is on', () => {
  const withGrpc = loadConfig({}, { CONTEXT_CLEANER_HOME: '/h', CONTEXT_CLEANER_COLLECTOR_GRPC_PORT: '4317' })
  expect(defaultServiceSpecs(withGrpc, fromBin).map((s) => [s.name, s.envPorts])).toEqual([
    ['ingest', undefined],
    ['collector', { CONTEXT_CLEANER_COLLECTOR_GRPC_PORT: 4317 }],
    ['dashboard', undefined],
  ])
  const without = loadConfig({}, { CONTEXT_CLEANER_HOME: '/h' })
  expect(defaultServiceSpecs(without, fromBin).every((s) => s.envPorts === undefined)).toBe(true)
})

it('starts services with this same program by default', () => {
  const specs = defaultServiceSpecs(loadConfig({}, { CONTEXT_CLEANER_HOME: '/h' }))
  expect(specs.map((s) => s.argv)).toEqual([
    cliCommand(['serve', 'ingest']),
    cliCommand(['serve', 'collector']),
    cliCommand(['serve', 'dashboard']),
  ])
})

it.each([
  [
    'Error: The collector service is not available in this build\n',
    'The collector service is not available in this build',
  ],
  [
    '[error] The dashboard service is not available in this build',
    'The dashboard service is not available in this build',
  ],
  [
    '✖ The dashboard service is not available in this build',
    'The dashboard service is not available in this build',
  ],
  ['warming up\nError: cannot open the store\n', null],
])('unavailableReason(%p) is %p', (stderr, reason) => {
  expect(unavailableReason(stderr)).toBe(reason)
})

it('hands the collector token to the services in their environment, not on their command line', () => {
  const without = loadConfig({}, { CONTEXT_CLEANER_HOME: '/h' })
  const withToken = loadConfig({ collectorToken: 'team-token-0123456789' }, { CONTEXT_CLEANER_HOME: '/h' })
  const [, collector] = defaultServiceSpecs(withToken, fromBin)
  expect(defaultServiceSpecs(without, fromBin)[1]?.env).not.toHaveProperty('CONTEXT_CLEANER_COLLECTOR_TOKEN')
  expect(collector?.env.CONTEXT_CLEANER_COLLECTOR_TOKEN).toBe('team-token-0123456789')
  expect(commandFor(collector!, 4318).join(' ')).not.toContain('team-token')
})

it('hands the store (password included) and its fallback to every service in their environment', () => {
  const url = 'clickhouse://team:s3cret@db.example.com:8123/usage'
  const config = loadConfig({ store: url, storeFallback: 'sqlite' }, { CONTEXT_CLEANER_HOME: '/h' })
  const specs = defaultServiceSpecs(config, fromBin)
  for (const spec of specs) {
    expect(spec.env.CONTEXT_CLEANER_STORE).toBe(url)
    expect(spec.env.CONTEXT_CLEANER_STORE_FALLBACK).toBe('sqlite')
    expect(commandFor(spec, 1).join(' ')).not.toContain('s3cret')
  }
  expect(config.store).not.toContain('s3cret')
  expect(
    defaultServiceSpecs(loadConfig({}, { CONTEXT_CLEANER_HOME: '/h' }), fromBin)[0]?.env
      .CONTEXT_CLEANER_STORE,
  ).toBe('sqlite')
})
