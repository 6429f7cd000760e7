// `setup claude` through the real CLI: dry run writes nothing, setup keeps other settings and a
// backup, a second run changes nothing, and --undo gives back the original file's settings.

import { afterEach, expect, test } from 'bun:test'
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { type CliEnv, runCli, type TempDir, tempDir } from '../helpers/cli.ts'

const dirs: TempDir[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup()
})

test('setup claude: dry run, apply, idempotent, undo', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const env = { home: dir.path, claudeDir: dir.path }
  const settings = join(dir.path, 'settings.json')
  const original = { model: 'opus', env: { FOO: '1', OTEL_LOGS_EXPORTER: 'console' }, hooks: {} }
  writeFileSync(settings, JSON.stringify(original, null, 2))

  const dry = await runCli(['setup', 'claude', '--dry-run', '--endpoint', 'http://127.0.0.1:9999'], env)
  expect(dry.exitCode).toBe(0)
  expect(dry.stdout).toContain('~ env.OTEL_LOGS_EXPORTER: console -> otlp')
  expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual(original)

  expect((await runCli(['setup', 'claude', '--endpoint', 'http://127.0.0.1:9999'], env)).exitCode).toBe(0)
  const applied = JSON.parse(readFileSync(settings, 'utf8'))
  expect(applied).toMatchObject({
    model: 'opus',
    hooks: {},
    env: { FOO: '1', OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9999' },
  })
  expect(JSON.parse(readFileSync(`${settings}.context-cleaner-backup`, 'utf8'))).toEqual(original)

  const again = await runCli(['setup', 'claude', '--endpoint', 'http://127.0.0.1:9999'], env)
  expect(again.stdout).toBe(`No change to ${settings}\n`)

  const printed = await runCli(['setup', 'claude', '--print'], env)
  expect(printed.stdout).toContain("export OTEL_EXPORTER_OTLP_ENDPOINT='http://127.0.0.1:4318'")

  expect((await runCli(['setup', 'claude', '--undo'], env)).exitCode).toBe(0)
  expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual(original)
  expect(existsSync(`${settings}.context-cleaner-backup`)).toBe(false)
})

test('setup claude refuses a settings file it cannot read, and a bad endpoint or one with a signal path', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const env = { home: dir.path, claudeDir: dir.path }
  writeFileSync(join(dir.path, 'settings.json'), '{ not json')
  const broken = await runCli(['setup', 'claude'], env)
  const badUrl = await runCli(['setup', 'claude', '--print', '--endpoint', 'ftp://x'], env)
  const signalPath = await runCli(['setup', 'claude', '--print', '--endpoint', 'http://h:4318/v1/logs'], env)
  expect([broken.exitCode, badUrl.exitCode, signalPath.exitCode]).toEqual([1, 1, 1])
  expect(signalPath.stderr).toContain(
    "Expected `--endpoint` to be the collector's base URL (without /v1/logs), got `http://h:4318/v1/logs`",
  )
  expect(broken.stderr).toContain('settings.json')
  expect(badUrl.stderr).toContain('Expected `--endpoint` to be an http(s) URL, got `ftp://x`')
  expect(readFileSync(join(dir.path, 'settings.json'), 'utf8')).toBe('{ not json')
})

const setupArgs = ['setup', 'claude', '--endpoint', 'http://127.0.0.1:9999']

function modeAndOwner(path: string): { mode: string; uid: number; gid: number } {
  const st = statSync(path)
  return { mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid }
}

// Another owner needs root to set up (chown); CI runs as root.
test.skipIf(process.getuid?.() !== 0)(
  'setup claude keeps a 0600 settings file 0600 and its owner, and so is the backup that holds the same secrets',
  async () => {
    const dir = tempDir('cc-setup-')
    dirs.push(dir)
    const env = { home: dir.path, claudeDir: dir.path }
    const settings = join(dir.path, 'settings.json')
    writeFileSync(settings, JSON.stringify({ env: { ANTHROPIC_API_KEY: 'sk-ant-secret' } }))
    chmodSync(settings, 0o600)
    chownSync(settings, 4242, 4343)

    expect((await runCli(setupArgs, env)).exitCode).toBe(0)
    expect(JSON.parse(readFileSync(settings, 'utf8')).env.ANTHROPIC_API_KEY).toBe('sk-ant-secret')
    expect(modeAndOwner(settings)).toEqual({ mode: '600', uid: 4242, gid: 4343 })
    expect(modeAndOwner(`${settings}.context-cleaner-backup`)).toEqual({ mode: '600', uid: 4242, gid: 4343 })

    chmodSync(settings, 0o640)
    expect((await runCli(['setup', 'claude', '--undo'], env)).exitCode).toBe(0)
    expect(modeAndOwner(settings)).toEqual({ mode: '640', uid: 4242, gid: 4343 })
  },
)

test('setup claude creates a new settings file 0600 whatever the umask', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const claudeDir = join(dir.path, 'claude')
  expect((await runCli(setupArgs, { home: dir.path, claudeDir })).exitCode).toBe(0)
  expect(modeAndOwner(join(claudeDir, 'settings.json')).mode).toBe('600')
  expect(modeAndOwner(join(claudeDir, 'settings.json.context-cleaner-backup')).mode).toBe('600')
})

test('setup claude writes through a symlinked settings.json to its target, and --undo leaves the link', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const claudeDir = join(dir.path, 'claude')
  const dotfiles = join(dir.path, 'dotfiles')
  mkdirSync(claudeDir)
  mkdirSync(dotfiles)
  const target = join(dotfiles, 'claude-settings.json')
  const original = { model: 'opus', env: { FOO: '1' } }
  writeFileSync(target, JSON.stringify(original))
  chmodSync(target, 0o600)
  const link = join(claudeDir, 'settings.json')
  symlinkSync('../dotfiles/claude-settings.json', link)
  const env = { home: dir.path, claudeDir }

  expect((await runCli(setupArgs, env)).exitCode).toBe(0)
  expect(lstatSync(link).isSymbolicLink()).toBe(true)
  expect(readlinkSync(link)).toBe('../dotfiles/claude-settings.json')
  expect(JSON.parse(readFileSync(target, 'utf8')).env).toMatchObject({
    FOO: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9999',
  })
  expect(modeAndOwner(target).mode).toBe('600')

  expect((await runCli(['setup', 'claude', '--undo'], env)).exitCode).toBe(0)
  expect(readlinkSync(link)).toBe('../dotfiles/claude-settings.json')
  expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(original)
})

test('setup claude writes through a dangling settings.json link, creating its target and keeping the link', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const claudeDir = join(dir.path, 'claude')
  mkdirSync(claudeDir)
  const link = join(claudeDir, 'settings.json')
  // The dotfiles folder is not there yet: the link points at nothing.
  symlinkSync('../dotfiles/claude/settings.json', link)
  const env = { home: dir.path, claudeDir }

  expect((await runCli(setupArgs, env)).exitCode).toBe(0)
  expect(lstatSync(link).isSymbolicLink()).toBe(true)
  expect(readlinkSync(link)).toBe('../dotfiles/claude/settings.json')
  const target = join(dir.path, 'dotfiles', 'claude', 'settings.json')
  expect(JSON.parse(readFileSync(target, 'utf8')).env).toMatchObject({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9999',
  })
  expect(modeAndOwner(target).mode).toBe('600')
})

interface DoctorCheck {
  name: string
  level: string
  detail: string
}

async function telemetryCheck(env: CliEnv): Promise<DoctorCheck | undefined> {
  const checks = JSON.parse((await runCli(['doctor', '--json'], env)).stdout) as DoctorCheck[]
  return checks.find((c) => c.name === 'telemetry')
}

test('setup claude --token: the header in dry run, print and settings (shortened in diffs), gone on undo', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const token = 'team-token-0123456789abcdef'
  const endpoint = 'https://collector.example.com'
  const env = { home: dir.path, claudeDir: dir.path }
  const settings = join(dir.path, 'settings.json')
  writeFileSync(settings, JSON.stringify({ model: 'opus' }))
  const header = '+ env.OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer …cdef'

  const dry = await runCli(['setup', 'claude', '--dry-run', '--endpoint', endpoint, '--token', token], env)
  const printed = await runCli(['setup', 'claude', '--print', '--endpoint', endpoint, '--token', token], env)
  expect(dry.stdout).toContain(header)
  expect(dry.stdout).not.toContain(token)
  expect(printed.stdout).toContain(`export OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer ${token}'`)
  expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ model: 'opus' })

  const applied = await runCli(['setup', 'claude', '--endpoint', endpoint, '--token', token], env)
  expect(applied.stdout).toContain(header)
  expect(JSON.parse(readFileSync(settings, 'utf8')).env).toMatchObject({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${token}`,
  })

  expect((await runCli(['setup', 'claude', '--undo'], env)).exitCode).toBe(0)
  expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ model: 'opus' })
})

test('doctor: a collector that requires a token, and settings without it; setup adds the configured one', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const token = 'team-token-0123456789abcdef'
  const env = { home: dir.path, claudeDir: dir.path }
  const tokenConfigured = { ...env, extra: { CONTEXT_CLEANER_COLLECTOR_TOKEN: token } }
  const otherToken = { ...env, extra: { CONTEXT_CLEANER_COLLECTOR_TOKEN: 'other-token-0123456789' } }

  expect((await runCli(['setup', 'claude'], env)).exitCode).toBe(0)
  expect(await telemetryCheck(tokenConfigured)).toMatchObject({
    level: 'warn',
    detail: expect.stringContaining(
      'the collector requires a token but OTEL_EXPORTER_OTLP_HEADERS has no bearer token',
    ),
  })

  const added = await runCli(['setup', 'claude'], tokenConfigured)
  expect(added.stdout).toBe('+ env.OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer …cdef\n')
  expect(await telemetryCheck(tokenConfigured)).toMatchObject({ level: 'ok' })
  expect(await telemetryCheck(otherToken)).toMatchObject({
    level: 'warn',
    detail: expect.stringContaining("the bearer token in OTEL_EXPORTER_OTLP_HEADERS is not the collector's"),
  })
})
