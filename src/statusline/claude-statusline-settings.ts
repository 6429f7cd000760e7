// Pure: Claude Code's `statusLine` setting for our command, put in and taken out of settings.json's
// object. Every other key is left as it was.

export type Settings = Record<string, unknown>

export interface StatusLineChange {
  next: Settings
  /** Another statusLine is there and `force` was not given: nothing changes. */
  keptOther: boolean
}

export function statusLineSetting(command: string): { type: 'command'; command: string; padding: number } {
  return { type: 'command', command, padding: 0 }
}

export function applyStatusLine(settings: Settings, command: string, force: boolean): StatusLineChange {
  const existing = settings.statusLine
  const ours = statusLineSetting(command)
  if (existing !== undefined && !force && !isOurs(existing)) return { next: settings, keptOther: true }
  return { next: { ...settings, statusLine: ours }, keptOther: false }
}

/** Takes our statusLine out, putting back the one that was there before (if any). */
export function removeStatusLine(settings: Settings, before: unknown): Settings {
  const { statusLine: _, ...rest } = settings
  return before === undefined ? rest : { ...rest, statusLine: before }
}

/** A statusLine that runs `context-cleaner statusline` (any install of it). */
export function isOurs(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const command = (value as { command?: unknown }).command
  return (
    typeof command === 'string' &&
    /context-cleaner|cli\/main\.ts/.test(command) &&
    / statusline\b/.test(command)
  )
}

/** One word for a POSIX shell (Claude Code runs the command through one). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.,:=@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
