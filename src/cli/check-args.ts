// Refuses what a command does not declare: citty parses unknown flags and extra words without a word,
// so `run --memory-limit collector=5` used to start as if the flag were not there. The check reads the
// command's own args, so a flag added to a command is known here without another list.

import type { ArgDef, ArgsDef } from 'citty'
import { UsageError } from './cli-error.ts'
import { closestWord } from './closest-word.ts'

interface KnownFlags {
  /** Every spelling that is accepted, without dashes: `no-import`, `json`, `f`. */
  names: Set<string>
  /** Names that take a value (`--since DATE`), so the value is not read as a flag or an argument. */
  takesValue: Set<string>
  /** Long names shown in "did you mean" (the ones the help lists). */
  suggestions: string[]
  positionals: number
  /** Allowed values of enum flags, by every spelling. */
  choices: Map<string, readonly string[]>
}

/** A flag's short and other names, as declared. */
export function aliasesOf(def: ArgDef): string[] {
  if (def.type === 'positional' || !('alias' in def) || def.alias === undefined) return []
  return Array.isArray(def.alias) ? def.alias : [def.alias]
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

function knownFlags(args: ArgsDef): KnownFlags {
  const known: KnownFlags = {
    names: new Set(),
    takesValue: new Set(),
    suggestions: [],
    positionals: 0,
    choices: new Map(),
  }
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') {
      known.positionals++
      continue
    }
    const spellings = [name, kebab(name), camel(name), ...aliasesOf(def)]
    for (const s of spellings) {
      known.names.add(s)
      if (def.type === 'string' || def.type === 'enum') known.takesValue.add(s)
      if (def.type === 'enum' && def.options) known.choices.set(s, def.options)
      // citty reads `--no-x` as x = false for every boolean.
      if (def.type === 'boolean') known.names.add(`no-${s}`)
    }
    known.suggestions.push(`--${name}`)
    if (def.type === 'boolean' && def.default === true) known.suggestions.push(`--no-${name}`)
  }
  return known
}

/**
 * Throws a UsageError for the first flag `args` does not declare (naming the closest one that it does),
 * a flag that takes a value given none, a value an enum flag does not list, or more plain arguments than the command takes. `raw` is what follows the command's name.
 */
export function checkArgs(raw: readonly string[], args: ArgsDef, command: string): void {
  const known = knownFlags(args)
  let positionals = 0
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i] ?? ''
    if (token === '--') break
    if (token.startsWith('-') && token !== '-') {
      const [flag = '', value] = token.replace(/^--?/, '').split(/=(.*)/s, 2)
      if (!known.names.has(flag)) throw unknownFlag(token.split('=')[0] ?? token, known, command)
      const given = value ?? (known.takesValue.has(flag) ? raw[++i] : undefined)
      // `report --project --json` would otherwise run unfiltered: citty reads a value-less flag as set.
      if (
        known.takesValue.has(flag) &&
        value === undefined &&
        (given === undefined || given.startsWith('--'))
      )
        throw new UsageError(
          `Expected \`--${flag}\` to have a value, got ${given === undefined ? 'none' : `\`${given}\``}`,
        )
      const choices = known.choices.get(flag)
      if (choices && given !== undefined && !choices.includes(given))
        throw new UsageError(`Expected \`--${flag}\` to be one of ${choices.join(', ')}, got \`${given}\``)
      continue
    }
    positionals++
    if (positionals > known.positionals) {
      throw new UsageError(
        known.positionals === 0
          ? `\`${command}\` takes no arguments, got \`${token}\``
          : `Unexpected argument \`${token}\`: \`${command}\` takes ${known.positionals}`,
      )
    }
  }
}

function unknownFlag(flag: string, known: KnownFlags, command: string): UsageError {
  const guess = closestWord(flag, known.suggestions)
  const hint = guess ? `; did you mean \`${guess}\`?` : ''
  return new UsageError(`Unknown option \`${flag}\` for \`${command}\`${hint}`)
}
