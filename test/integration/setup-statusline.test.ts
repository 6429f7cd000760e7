// `setup claude --statusline` on a real settings.json, and the command it writes run as Claude Code
// runs it: through a shell, from another directory, with the payload on stdin.

import { afterAll, describe, expect, it } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pinnedEnv, runCli, tempDir } from '../helpers/cli.ts'

const dir = tempDir('cc-setup-statusline-')
afterAll(() => dir.cleanup())

function sandbox(name: string, settings: string | null) {
  const claudeDir = join(dir.path, name, 'claude')
  mkdirSync(claudeDir, { recursive: true })
  const path = join(claudeDir, 'settings.json')
  if (settings !== null) writeFileSync(path, settings)
  const env = { home: join(dir.path, name, 'home'), claudeDir }
  return { path, env, read: () => JSON.parse(readFileSync(path, 'utf8')) }
}

// Hand-formatted, as a person's file is: --undo must give back these very bytes.
const original = '{\n    "model": "opus",\n  "env": {"A": "1"},\n  "hooks": {}\n}\n'

describe('setup claude --statusline', () => {
  it('adds a statusLine that runs from anywhere, leaves every other key, and --undo restores the file exactly', async () => {
    const s = sandbox('plain', original)
    const r = await runCli(['setup', 'claude', '--statusline'], s.env)
    expect(r.exitCode).toBe(0)
    const settings = s.read()
    expect(settings.model).toBe('opus')
    expect(settings.env).toEqual({ A: '1' })
    expect(settings.hooks).toEqual({})
    expect(settings.statusLine).toMatchObject({ type: 'command' })
    expect(settings.statusLine.command).toEndWith(' statusline --color always')

    const shell = Bun.spawn(['sh', '-c', settings.statusLine.command], {
      cwd: '/',
      env: pinnedEnv({ ...s.env, extra: {} }),
      stdin: new Blob([JSON.stringify({ model: { display_name: 'Opus' }, cost: { total_cost_usd: 2 } })]),
      stdout: 'pipe',
      stderr: 'pipe',
    })
    expect(await new Response(shell.stdout).text()).toBe('Opus │ $2.00 session\n')
    expect(await shell.exited).toBe(0)

    expect((await runCli(['setup', 'claude', '--statusline', '--undo'], s.env)).exitCode).toBe(0)
    expect(readFileSync(s.path, 'utf8')).toBe(original)
    expect(existsSync(`${s.path}.context-cleaner-statusline-backup`)).toBe(false)
  })

  it('keeps an existing statusLine unless --force, and --undo brings it back', async () => {
    const theirs = { type: 'command', command: '~/bin/my-line.sh' }
    const s = sandbox('existing', `${JSON.stringify({ statusLine: theirs }, null, 2)}\n`)
    const kept = await runCli(['setup', 'claude', '--statusline'], s.env)
    expect(kept.stdout).toContain('Kept it; run again with --force')
    expect(s.read().statusLine).toEqual(theirs)
    await runCli(['setup', 'claude', '--statusline', '--force'], s.env)
    expect(s.read().statusLine.command).toContain('statusline')
    await runCli(['setup', 'claude', '--statusline', '--undo'], s.env)
    expect(s.read()).toEqual({ statusLine: theirs })
  })

  it('only takes its statusLine out when the file changed since, and removes a file it created', async () => {
    const s = sandbox('changed', original)
    await runCli(['setup', 'claude', '--statusline'], s.env)
    writeFileSync(s.path, JSON.stringify({ ...s.read(), theme: 'dark' }))
    await runCli(['setup', 'claude', '--statusline', '--undo'], s.env)
    expect(s.read()).toEqual({ model: 'opus', env: { A: '1' }, hooks: {}, theme: 'dark' })

    const fresh = sandbox('fresh', null)
    await runCli(['setup', 'claude', '--statusline'], fresh.env)
    expect(existsSync(fresh.path)).toBe(true)
    await runCli(['setup', 'claude', '--statusline', '--undo'], fresh.env)
    expect(existsSync(fresh.path)).toBe(false)
  })
})
