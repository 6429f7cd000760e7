// `setup claude --statusline`: Claude Code's statusLine runs `context-cleaner statusline`. The file as
// it was is kept beside settings.json, so `--undo` gives it back byte for byte (when nothing else
// changed it since; otherwise only our statusLine is taken out).

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliCommand, isCompiled } from '../runtime/entry-points.ts'
import {
  applyStatusLine,
  removeStatusLine,
  type Settings,
  shellQuote,
} from '../statusline/claude-statusline-settings.ts'
import { logger, writeStdout } from './output.ts'
import { readSettings, statOrNull, writeSettings } from './settings-file.ts'

const log = logger('setup')

interface Backup {
  /** settings.json's text before setup, or null when there was none. */
  original: string | null
  /** What setup wrote. */
  written: string
  /** The statusLine setting before setup. */
  before?: unknown
}

export interface StatuslineSetupOptions {
  claudeDir: string
  undo: boolean
  force: boolean
  dryRun: boolean
}

/**
 * The command Claude Code will run: this install's absolute entry point, or `bunx context-cleaner`
 * when this copy runs from bunx's cache (which is not kept).
 */
export function statuslineCommandLine(): string {
  const args = ['statusline', '--color', 'always']
  const [program = 'bun', ...rest] = cliCommand(args)
  const transient = !isCompiled && /[\\/](\.bun[\\/]install[\\/]cache|bunx-)/.test(rest[0] ?? '')
  if (transient) return ['bunx', 'context-cleaner', ...args].join(' ')
  return [program, ...rest].map(shellQuote).join(' ')
}

export async function setupStatusline(options: StatuslineSetupOptions): Promise<void> {
  const path = join(options.claudeDir, 'settings.json')
  const backupPath = `${path}.context-cleaner-statusline-backup`
  const text = existsSync(path) ? readFileSync(path, 'utf8') : null
  const current = readSettings(path) as Settings
  if (options.undo) return undo(path, backupPath, text, current, options.dryRun)

  const command = statuslineCommandLine()
  const { next, keptOther } = applyStatusLine(current, command, options.force)
  if (keptOther) {
    await writeStdout(
      `${path} already has a statusLine: ${JSON.stringify(current.statusLine)}\nKept it; run again with --force to replace it (--undo brings it back).`,
    )
    return
  }
  if (JSON.stringify(next.statusLine) === JSON.stringify(current.statusLine)) {
    await writeStdout(`No change to ${path}`)
    return
  }
  await writeStdout(`+ statusLine: ${command}`)
  if (options.dryRun) return
  const original = statOrNull(path)
  writeSettings(path, next, original)
  // A second setup (say with --force) keeps the first backup: it holds the file from before any.
  const backup: Backup = existsSync(backupPath)
    ? { ...(JSON.parse(readFileSync(backupPath, 'utf8')) as Backup), written: readFileSync(path, 'utf8') }
    : { original: text, written: readFileSync(path, 'utf8'), before: current.statusLine }
  writeFileSync(backupPath, JSON.stringify(backup), { mode: 0o600 })
  log.info(`Updated ${path} (backup at ${backupPath}); Claude Code shows the line from its next update`)
}

async function undo(
  path: string,
  backupPath: string,
  text: string | null,
  current: Settings,
  dryRun: boolean,
): Promise<void> {
  if (!existsSync(backupPath)) {
    await writeStdout('Nothing to undo: no statusLine setup was recorded')
    return
  }
  const backup = JSON.parse(readFileSync(backupPath, 'utf8')) as Backup
  const untouched = text === backup.written
  await writeStdout(
    untouched
      ? `Restoring ${path} as it was before setup`
      : `- statusLine (${path} changed since setup: only the statusLine is restored)`,
  )
  if (dryRun) return
  if (untouched && backup.original === null) rmSync(path, { force: true })
  else if (untouched && backup.original !== null) writeFileSync(path, backup.original)
  else writeSettings(path, removeStatusLine(current, backup.before), statOrNull(path))
  rmSync(backupPath)
}
