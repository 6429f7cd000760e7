// Runs the real CLI as a subprocess with a pinned environment, as a user would.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dir, '..', '..')

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface CliEnv {
  home: string
  claudeDir: string
  extra?: Record<string, string>
  /** The program to run; default `bun src/cli/main.ts`. The executable's test passes the built file. */
  program?: readonly string[]
  /** The working directory; default this process's. */
  cwd?: string
}

export function pinnedEnv(env: CliEnv): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: env.home,
    CONTEXT_CLEANER_HOME: join(env.home, '.context-cleaner'),
    CLAUDE_CONFIG_DIR: env.claudeDir,
    TZ: 'UTC',
    NO_COLOR: '1',
    ...env.extra,
  }
}

export async function runCli(args: string[], env: CliEnv): Promise<CliResult> {
  const proc = Bun.spawn([...(env.program ?? ['bun', join(repoRoot, 'src', 'cli', 'main.ts')]), ...args], {
    env: pinnedEnv(env),
    ...(env.cwd ? { cwd: env.cwd } : {}),
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  })
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { exitCode, stdout, stderr }
}

export async function runCliJson<T>(args: string[], env: CliEnv): Promise<T> {
  const r = await runCli(args, env)
  if (r.exitCode !== 0) throw new Error(`context-cleaner ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

export interface TempDir {
  path: string
  cleanup(): void
}

export function tempDir(prefix = 'cc-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}
