// The CLI's one entry: finds the command, answers --help and --version, refuses flags the command does
// not declare, runs it, and catches every error once: a usage error prints its message and the usage
// line, a domain error its message, both exit 1; a closed stdout (`| head`) ends quietly with exit 0.
// Replaces citty's runMain, which printed the whole help before an unknown command's error, coloured
// it when piped and let unknown flags through.

import type { ArgsDef, CommandDef, CommandMeta } from 'citty'
import { isStdoutClosed } from '../runtime/write-stdout.ts'
import { checkArgs } from './check-args.ts'
import { isDomainError, UsageError } from './cli-error.ts'
import { closestWord } from './closest-word.ts'
import { knownDescription } from './lazy-command.ts'
import { type HelpInput, type HelpStyle, renderHelp, usageLine } from './render-help.ts'

type Resolvable<T> = T | Promise<T> | (() => T) | (() => Promise<T>)

async function resolve<T>(value: Resolvable<T>): Promise<T> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value
}

// biome-ignore lint/suspicious/noExplicitAny: citty's own type for a command of any args
type AnyCommand = CommandDef<any>

export interface CliIo {
  stdout(text: string): Promise<void>
  stderr(text: string): Promise<void>
  style(): HelpStyle | Promise<HelpStyle>
}

interface Resolved {
  command: AnyCommand
  /** Program name and sub-command names: `context-cleaner report daily`. */
  path: string[]
  /** What follows the last command name. */
  rest: string[]
  meta: CommandMeta
  args: ArgsDef
}

const isHelpFlag = (token: string) => token === '--help' || token === '-h'

function helpRequested(tokens: readonly string[]): boolean {
  const end = tokens.indexOf('--')
  return (end === -1 ? tokens : tokens.slice(0, end)).some(isHelpFlag)
}

async function helpInput(r: Resolved): Promise<HelpInput> {
  const subs = await resolve(r.command.subCommands ?? {})
  const subCommands = []
  for (const [name, sub] of Object.entries(subs)) {
    const known = knownDescription(sub)
    const meta = known !== undefined ? { description: known } : await resolve((await resolve(sub)).meta ?? {})
    if (!meta.hidden) subCommands.push({ name, description: meta.description ?? '' })
  }
  return { command: r.path.join(' '), meta: r.meta, args: r.args, subCommands }
}

class MissingCommand extends UsageError {}

/** Walks the sub-commands named in `argv` down to the command to run. */
async function resolveCommand(main: AnyCommand, argv: readonly string[]): Promise<Resolved> {
  const meta = await resolve(main.meta ?? {})
  let r: Resolved = {
    command: main,
    path: [meta.name ?? 'context-cleaner'],
    rest: [...argv],
    meta,
    args: await resolve(main.args ?? {}),
  }
  for (;;) {
    const subs = r.command.subCommands ? await resolve(r.command.subCommands) : undefined
    if (!subs || Object.keys(subs).length === 0) return r
    const index = r.rest.findIndex((t) => !t.startsWith('-'))
    const name = index === -1 ? undefined : r.rest[index]
    if (name === undefined) return r
    const sub = subs[name]
    if (!sub) {
      const guess = closestWord(name, Object.keys(subs))
      throw Object.assign(
        new UsageError(
          `Unknown command \`${name}\` for \`${r.path.join(' ')}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
        ),
        { resolved: r },
      )
    }
    const command = await resolve(sub)
    // Only the program shows a version in its help.
    const { version: _version, ...subMeta } = await resolve(command.meta ?? {})
    checkArgs(r.rest.slice(0, index), r.args, r.path.join(' '))
    r = {
      command,
      path: [...r.path, name],
      rest: r.rest.slice(index + 1),
      meta: subMeta,
      args: await resolve(command.args ?? {}),
    }
  }
}

async function runResolved(r: Resolved, io: CliIo, version: string | undefined): Promise<number> {
  if (helpRequested(r.rest)) {
    await io.stdout(renderHelp(await helpInput(r), await io.style()))
    return 0
  }
  if (r.path.length === 1 && r.rest.length === 1 && (r.rest[0] === '--version' || r.rest[0] === '-v')) {
    await io.stdout(`${version ?? ''}\n`)
    return 0
  }
  if (!r.command.run) {
    throw Object.assign(new MissingCommand(`Say which command to run: \`${r.path.join(' ')} <command>\``), {
      resolved: r,
    })
  }
  checkArgs(r.rest, r.args, r.path.join(' '))
  // citty itself loads only when a command runs: `--help` and `--version` do not need it.
  const { runCommand } = await import('citty')
  await runCommand(r.command, { rawArgs: r.rest })
  return 0
}

// citty colours its own messages from the environment alone; ours follow the terminal.
const stripAnsi = (text: string) => Bun.stripANSI(text)

function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || (error instanceof Error && error.name === 'CLIError')
}

/** Runs the command `argv` names and returns the exit code for an error (0 when it ran). */
export async function runCli(main: AnyCommand, argv: readonly string[], io: CliIo): Promise<number> {
  const version = (await resolve(main.meta ?? {})).version
  let resolved: Resolved | undefined
  try {
    resolved = await resolveCommand(main, argv)
    return await runResolved(resolved, io, version)
  } catch (error) {
    if (isStdoutClosed(error)) return 0
    if (isUsageError(error)) {
      const at = (error as { resolved?: Resolved }).resolved ?? resolved
      let text = `Error: ${stripAnsi(error.message)}\n`
      if (at) {
        const input = await helpInput(at)
        text +=
          error instanceof MissingCommand
            ? `\n${renderHelp(input, await io.style())}`
            : `Usage: ${usageLine(input)}\nRun \`${at.path.join(' ')} --help\` for ${input.subCommands?.length ? 'its commands' : 'all options'}.\n`
      }
      await io.stderr(text)
      return 1
    }
    // Written as is: consola would render the `backticks` that mark flags and values as markup.
    if (isDomainError(error)) {
      await io.stderr(`Error: ${error.message}\n`)
      return 1
    }
    throw error
  }
}
