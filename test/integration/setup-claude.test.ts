// `setup claude` through the real CLI: dry run writes nothing, setup keeps other settings and a
// backup, a second run changes nothing, and --undo gives back the original file's settings.

import { afterEach, expect, test } from 'bun:test'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli, type TempDir, tempDir } from '../helpers/cli.ts'

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

test('setup claude refuses a settings file it cannot read, and a bad endpoint', async () => {
  const dir = tempDir('cc-setup-')
  dirs.push(dir)
  const env = { home: dir.path, claudeDir: dir.path }
  writeFileSync(join(dir.path, 'settings.json'), '{ not json')
  const broken = await runCli(['setup', 'claude'], env)
  const badUrl = await runCli(['setup', 'claude', '--print', '--endpoint', 'ftp://x'], env)
  expect([broken.exitCode, badUrl.exitCode]).toEqual([1, 1])
  expect(broken.stderr).toContain('settings.json')
  expect(badUrl.stderr).toContain('Expected `--endpoint` to be an http(s) URL, got `ftp://x`')
  expect(readFileSync(join(dir.path, 'settings.json'), 'utf8')).toBe('{ not json')
})
