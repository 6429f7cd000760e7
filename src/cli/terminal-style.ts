// How wide and how colourful help may be: the terminal's width and colours on a terminal; 80 columns
// and no colour when piped, with NO_COLOR set (no-color.org) or TERM=dumb.

import type { HelpStyle } from './render-help.ts'

const DEFAULT_WIDTH = 80

export function terminalStyle(env: Record<string, string | undefined> = process.env): HelpStyle {
  const tty = process.stdout.isTTY === true
  const fromEnv = Number(env.COLUMNS)
  const width = (tty ? process.stdout.columns : undefined) ?? (fromEnv > 0 ? fromEnv : DEFAULT_WIDTH)
  const color = tty && !env.NO_COLOR && env.TERM !== 'dumb'
  return { width: Math.max(40, Math.min(width, 120)), color }
}
