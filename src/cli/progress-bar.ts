// A one-line progress bar on stderr, only when stderr is a terminal (never in pipes or CI logs).

import { fstatSync } from 'node:fs'

const WIDTH = 30

export function renderBar(done: number, total: number, label: string): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1
  const filled = Math.round(ratio * WIDTH)
  return `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${(ratio * 100).toFixed(0).padStart(3)}% ${label}`
}

export interface ProgressBar {
  /** False when nothing is drawn (not a terminal): callers can skip building progress at all. */
  readonly active: boolean
  /** The label is built only when the bar is redrawn (at most every 80 ms). */
  update(done: number, total: number, label: () => string): void
  finish(): void
}

export function progressBar(given?: NodeJS.WriteStream): ProgressBar {
  const stream = given ?? terminalStderr()
  if (!stream?.isTTY) return { active: false, update() {}, finish() {} }
  let last = Number.NEGATIVE_INFINITY
  return {
    active: true,
    update(done, total, label) {
      const now = performance.now()
      if (now - last < 80 && done < total) return
      last = now
      stream.write(`\r${renderBar(done, total, label())}\x1b[K`)
    },
    finish() {
      stream.write('\r\x1b[K')
    },
  }
}

/**
 * process.stderr, if it is a terminal. Creating process.stderr costs a fifth of a warm report's time,
 * so a pipe or file (not a character device) is told apart first with one fstat.
 */
function terminalStderr(): NodeJS.WriteStream | undefined {
  return fstatSync(2).isCharacterDevice() ? process.stderr : undefined
}
