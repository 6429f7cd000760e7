// How wide and how colourful help may be: the terminal's width and colours on a terminal; 80 columns
// and no colour when piped, with NO_COLOR set (no-color.org) or TERM=dumb.

import type { HelpStyle } from './render-help.ts'

const DEFAULT_WIDTH = 80
const STDOUT = 1

/**
 * Whether stdout may be a terminal, from a stat of it. `process.stdout` loads Node's tty and stream
 * modules (about 20 ms, more than the rest of `--help`), so it is read only for a character device,
 * where the answer (and the width) needs it.
 */
async function mayBeTerminal(): Promise<boolean> {
  try {
    return (await Bun.file(STDOUT).stat()).isCharacterDevice()
  } catch {
    return false
  }
}

export async function terminalStyle(
  env: Record<string, string | undefined> = process.env,
): Promise<HelpStyle> {
  const tty = (await mayBeTerminal()) && process.stdout.isTTY === true
  const fromEnv = Number(env.COLUMNS)
  const width = (tty ? process.stdout.columns : undefined) ?? (fromEnv > 0 ? fromEnv : DEFAULT_WIDTH)
  const color = tty && !env.NO_COLOR && env.TERM !== 'dumb'
  return { width: Math.max(40, Math.min(width, 120)), color }
}
