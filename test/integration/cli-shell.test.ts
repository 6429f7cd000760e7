// The CLI's shell as a user meets it: help that fits the terminal, errors first and once, unknown flags
// refused for every command, and a closed stdout (`| head`) ending quietly.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ArgsDef, CommandDef } from 'citty'
import { main } from '../../src/cli/commands.ts'
import { pinnedEnv, repoRoot, runCli, tempDir } from '../helpers/cli.ts'
import { assistantLine } from '../helpers/transcript-lines.ts'

const home = tempDir('cc-shell-')
afterAll(() => home.cleanup())
const fixtures = join(import.meta.dir, '..', 'fixtures', 'history')
const env = { home: home.path, claudeDir: fixtures }
const cli = join(repoRoot, 'src', 'cli', 'main.ts')

// biome-ignore lint/suspicious/noExplicitAny: citty's own type for a command of any args
type AnyCommand = CommandDef<any>

async function resolved<T>(
  value: T | (() => T | Promise<T>) | Promise<T> | undefined,
): Promise<T | undefined> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value
}

/** Every runnable command with its name path and its declared args, read from the real command tree. */
async function leafCommands(
  command: AnyCommand = main,
  path: string[] = [],
): Promise<{ path: string[]; args: ArgsDef }[]> {
  const subs = (await resolved(command.subCommands)) ?? {}
  if (Object.keys(subs).length === 0) return [{ path, args: (await resolved(command.args)) ?? {} }]
  const out = []
  for (const [name, sub] of Object.entries(subs)) {
    out.push(...(await leafCommands((await resolved(sub)) as AnyCommand, [...path, name])))
  }
  return out
}

// The statusline never fails and never writes to stderr (Claude Code would show it): it names an
// unknown option in its line and exits 0 (test/integration/statusline.test.ts).
const leaves = (await leafCommands()).filter((l) => l.path[0] !== 'statusline')

describe('unknown flags are refused, with the closest known one', () => {
  test('the tree has every command group', () => {
    expect(leaves.length).toBeGreaterThan(20)
  })

  test.each(leaves.map((l) => [l.path.join(' '), l] as const))('%s --bogus-flag', async (_, leaf) => {
    // A positional the command requires is given, so the flag is the only thing wrong.
    const positionals = Object.values(leaf.args).filter((d) => d.type === 'positional').length
    const args = [...leaf.path, ...Array.from({ length: positionals }, () => 'x'), '--bogus-flag', '1']
    const r = await runCli(args, env)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toStartWith(
      `Error: Unknown option \`--bogus-flag\` for \`context-cleaner ${leaf.path.join(' ')}\``,
    )
    expect(r.stdout).toBe('')
  })

  test.each([
    [['run', '--memory-limt', 'collector=5'], '--memory-limt', '--memory-limit'],
    [['report', 'daily', '--jsn'], '--jsn', '--json'],
    [['report', 'daily', '--sinse', '20261101'], '--sinse', '--since'],
    [['export', '--formt=csv'], '--formt', '--format'],
    [['report', 'daily', '--no-imprt'], '--no-imprt', '--no-import'],
  ])('%p', async (args, flag, guess) => {
    const r = await runCli(args, env)
    expect(r.exitCode).toBe(1)
    const command = `context-cleaner ${args.filter((a) => !a.startsWith('-') && /^[a-z]+$/.test(a)).join(' ')}`
    expect(r.stderr.split('\n')[0]).toBe(
      `Error: Unknown option \`${flag}\` for \`${command}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
    )
  })

  test('a value that looks like a flag is a value, and extra arguments are refused', async () => {
    expect((await runCli(['logs', '--lines', '-5'], env)).stderr).not.toContain('Unknown option')
    const extra = await runCli(['report', 'daily', 'yesterday'], env)
    expect(extra.exitCode).toBe(1)
    expect(extra.stderr).toStartWith(
      'Error: `context-cleaner report daily` takes no arguments, got `yesterday`',
    )
  })
})

describe('help', () => {
  test.each([
    [[]],
    [['report']],
    [['report', 'daily']],
    [['run']],
    [['context', 'clean']],
    [['setup', 'claude']],
  ])('%p --help fits 80 columns when piped, without colour, and names the program', async (path) => {
    const r = await runCli([...path, '--help'], { ...env, extra: { NO_COLOR: '' } })
    expect(r.exitCode).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toStartWith(`Usage: ${['context-cleaner', ...path].join(' ')}`)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80)
    expect(r.stdout).not.toContain('\u001B[')
  })

  test('COLUMNS sets the width; a long enum does not push every option right', async () => {
    const r = await runCli(['report', 'weekly', '--help'], { ...env, extra: { COLUMNS: '60' } })
    const lines = r.stdout.split('\n')
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60)
    expect(r.stdout).toContain('--start-of-week <DAY>')
    expect(r.stdout).toContain('One of: sunday, monday,')
    // Descriptions start in one column, close to the flags.
    const json = lines.find((l) => l.startsWith('  --json')) ?? ''
    expect(json.indexOf('Print JSON')).toBeLessThanOrEqual(34)
  })

  test('an unknown command prints the error first, then the usage line only', async () => {
    const r = await runCli(['reprot', 'daily'], env)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe(
      [
        'Error: Unknown command `reprot` for `context-cleaner`; did you mean `report`?',
        'Usage: context-cleaner <command>',
        'Run `context-cleaner --help` for its commands.',
        '',
      ].join('\n'),
    )
    expect(r.stdout).toBe('')
  })

  test('a bad value names the flag and the values it takes, then the usage', async () => {
    const r = await runCli(['export', '--format', 'xml'], { ...env, extra: { NO_COLOR: '' } })
    expect(r.exitCode).toBe(1)
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'Error: Expected `--format` to be one of json, csv, got `xml`',
      'Usage: context-cleaner export [OPTIONS]',
    ])
  })

  test('a group without its command says so before listing the commands', async () => {
    const r = await runCli(['report'], env)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toStartWith('Error: Say which command to run: `context-cleaner report <command>`\n')
    expect(r.stderr).toContain('  daily ')
  })

  test('--version prints the version', async () => {
    const r = await runCli(['--version'], env)
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })
})

describe('--no-import', () => {
  test('reports what is stored without importing', async () => {
    const scratch = tempDir('cc-noimport-')
    const e = { home: scratch.path, claudeDir: fixtures }
    const before = await runCli(['report', 'daily', '--json', '--no-import'], e)
    expect(JSON.parse(before.stdout).daily).toEqual([])
    const imported = await runCli(['report', 'daily', '--json'], e)
    expect(JSON.parse(imported.stdout).daily).toHaveLength(3)
    scratch.cleanup()
  })
})

describe('a closed stdout ends the command quietly with exit 0', () => {
  const big = tempDir('cc-epipe-')
  beforeAll(async () => {
    const dir = join(big.path, 'projects', '-home-dev-app')
    mkdirSync(dir, { recursive: true })
    const start = Date.UTC(2026, 10, 1)
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      assistantLine({
        session: 's1',
        request: `r${i}`,
        timestamp: new Date(start + i * 60_000).toISOString(),
      }),
    )
    writeFileSync(join(dir, 's1.jsonl'), `${lines.join('\n')}\n`)
    const r = await runCli(['import'], { home: big.path, claudeDir: big.path })
    expect(r.exitCode).toBe(0)
  })
  afterAll(() => big.cleanup())

  test.each([
    'export --format csv',
    'export',
    'report session --json',
    'report daily --breakdown',
    'import --json',
    '--help',
  ])('%s | head -1', async (args) => {
    const script = `bun ${cli} ${args} 2>"$ERR" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`
    const proc = Bun.spawn(['bash', '-c', script], {
      env: { ...pinnedEnv({ home: big.path, claudeDir: big.path }), ERR: join(big.path, 'stderr') },
      stdout: 'pipe',
    })
    const status = (await new Response(proc.stdout).text()).trim()
    expect({ status, stderr: await Bun.file(join(big.path, 'stderr')).text() }).toEqual({
      status: '0',
      stderr: '',
    })
  })
})
