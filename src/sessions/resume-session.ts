// Continues a cleaned session in Claude Code: `claude --resume <id>` in the session's working directory,
// with this terminal (stdin, stdout, stderr inherited), so the user lands in the conversation at once.

import { existsSync, statSync } from 'node:fs'
import { execa } from 'execa'
import { ContextError } from './context-error.ts'

export interface ResumeOptions {
  sessionId: string
  /** The session's working directory; Claude Code finds a session only from its own project. */
  cwd: string
  /** Claude Code's executable: a path, or a name looked up on PATH. @default 'claude' */
  claudeBin?: string
  /** Further arguments for Claude Code (after `--` on our command line). */
  extraArgs?: readonly string[]
}

/** Runs Claude Code until it exits and returns its exit code. */
export async function resumeInClaude(options: ResumeOptions): Promise<number> {
  if (!existsSync(options.cwd) || !statSync(options.cwd).isDirectory())
    throw new ContextError(
      'resume-failed',
      `Cannot resume in ${options.cwd}: the session's working directory no longer exists`,
    )
  const bin = options.claudeBin ?? 'claude'
  const result = await execa(bin, ['--resume', options.sessionId, ...(options.extraArgs ?? [])], {
    cwd: options.cwd,
    stdio: 'inherit',
    reject: false,
  })
  if (result.failed && result.exitCode === undefined)
    throw new ContextError(
      'resume-failed',
      `Could not start Claude Code (${bin}): ${result.shortMessage ?? 'unknown error'}; install it or pass --claude-bin`,
    )
  return result.exitCode ?? 1
}
