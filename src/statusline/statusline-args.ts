// The statusline's options, read by hand rather than by citty (its parser took a fifth of the line's
// time). Its own module so the command's edge and the run it starts both use the type without a loop.

export interface StatuslineArgs {
  timezone?: string | undefined
  store?: string | undefined
  color?: string | undefined
  'budget-ms'?: string | undefined
  'refresh-interval'?: string | undefined
  'context-low-threshold'?: string | undefined
  'context-medium-threshold'?: string | undefined
  'limit-low-threshold'?: string | undefined
  'limit-medium-threshold'?: string | undefined
}

export class OptionError extends Error {}

const optionNames = [
  'timezone',
  'store',
  'color',
  'budget-ms',
  'refresh-interval',
  'context-low-threshold',
  'context-medium-threshold',
  'limit-low-threshold',
  'limit-medium-threshold',
] as const satisfies readonly (keyof StatuslineArgs)[]

/**
 * The command line after `statusline`, read here rather than by citty: its parser took a fifth of the
 * line's time. `--help` still goes through citty (main.ts).
 */
export function parseStatuslineArgv(argv: readonly string[]): StatuslineArgs {
  const args: StatuslineArgs = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const eq = arg.indexOf('=')
    const name = (eq < 0 ? arg : arg.slice(0, eq)).replace(/^--/, '')
    const known = optionNames.find((n) => n === name)
    if (!arg.startsWith('--') || !known) throw new OptionError(`unknown option \`${arg}\` (see --help)`)
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined) throw new OptionError(`\`--${known}\` needs a value`)
    args[known] = value
  }
  return args
}
