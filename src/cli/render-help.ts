// `--help` text for a command: wrapped to the terminal's width, with colour only on a colour terminal.
// Pure: the command's declaration, its full name and the width in, text out.

import type { ArgDef, ArgsDef, CommandMeta } from 'citty'
import { aliasesOf } from './check-args.ts'

export interface HelpStyle {
  /** Columns to fit in. */
  width: number
  color: boolean
}

export interface HelpInput {
  /** The full command, program name first: `context-cleaner report daily`. */
  command: string
  meta: CommandMeta
  args: ArgsDef
  /** Sub-commands with their descriptions, for a command group. */
  subCommands?: readonly { name: string; description: string }[]
}

/**
 * An option's label column never takes more than this (nor 40% of the width), so one long flag cannot
 * push every description right; a longer label gets a line of its own.
 */
const MAX_LABEL = 30
/** An enum listed inline in the label only when its values are this short; longer ones go in the description. */
const MAX_INLINE_ENUM = 14

const ansi = (open: number, close: number) => (text: string, on: boolean) =>
  on ? `\u001B[${open}m${text}\u001B[${close}m` : text
const bold = ansi(1, 22)
const cyan = ansi(36, 39)
const gray = ansi(90, 39)

/** Greedy word wrap; a word longer than the width (a URL) is cut at the width. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  const words: string[] = []
  for (const w of text.split(/\s+/))
    for (let i = 0; i < w.length; i += width) words.push(w.slice(i, i + width))
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.length ? lines : ['']
}

function valueHint(def: ArgDef, name: string): { hint: string; extra?: string } {
  if (def.type === 'enum' && def.options?.length) {
    const inline = def.options.join('|')
    if (inline.length <= MAX_INLINE_ENUM) return { hint: ` <${inline}>` }
    return { hint: ` <${def.valueHint ?? 'VALUE'}>`, extra: `One of: ${def.options.join(', ')}.` }
  }
  if (def.type === 'string') return { hint: ` <${def.valueHint ?? name.toUpperCase().replaceAll('-', '_')}>` }
  return { hint: '' }
}

/** `['Sort order', 'Default: asc']` → `Sort order. Default: asc.` (the first alone keeps its own ending). */
function sentences(parts: readonly string[]): string {
  const present = parts.filter(Boolean)
  if (present.length < 2) return present[0] ?? ''
  return present.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ')
}

interface Row {
  label: string
  description: string
}

function optionRows(args: ArgsDef): Row[] {
  const rows: Row[] = []
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue
    const aliases = aliasesOf(def)
    const { hint, extra } = valueHint(def, name)
    // A boolean that is on by default is used as `--no-x`; that is the spelling to show.
    const negative = def.type === 'boolean' && def.default === true
    const flag = negative ? `--no-${name}` : `--${name}`
    const label = [...aliases.map((a) => `-${a}`), flag].join(', ') + hint
    const text =
      negative && 'negativeDescription' in def
        ? (def.negativeDescription ?? def.description)
        : def.description
    const parts = [text ?? '', extra ?? '']
    if (def.default !== undefined && def.type !== 'boolean') parts.push(`Default: ${def.default}`)
    if (def.required === true) parts.push('Required')
    rows.push({ label, description: sentences(parts) })
  }
  return rows
}

function positionalRows(args: ArgsDef): Row[] {
  return Object.entries(args)
    .filter(([, def]) => def.type === 'positional')
    .map(([name, def]) => ({ label: name.toUpperCase(), description: def.description ?? '' }))
}

function renderRows(rows: readonly Row[], style: HelpStyle): string[] {
  const indent = 2
  const labelWidth = Math.min(
    MAX_LABEL,
    Math.floor(style.width * 0.4),
    Math.max(...rows.map((r) => r.label.length)),
  )
  const descriptionColumn = indent + labelWidth + 2
  const descriptionWidth = Math.max(20, style.width - descriptionColumn)
  const lines: string[] = []
  for (const row of rows) {
    const wrapped = wrapText(row.description, descriptionWidth)
    const label = ' '.repeat(indent) + cyan(row.label, style.color)
    const pad = ' '.repeat(descriptionColumn)
    if (row.label.length > labelWidth) {
      // Too long to share a line: the label alone, its description below at the usual column.
      lines.push(label, ...wrapped.map((l) => pad + l))
    } else {
      const gap = ' '.repeat(labelWidth - row.label.length + 2)
      lines.push(label + gap + (wrapped[0] ?? ''), ...wrapped.slice(1).map((l) => pad + l))
    }
  }
  return lines
}

/** The one-line synopsis: `context-cleaner context clean [OPTIONS] <SESSION>`. */
export function usageLine(input: HelpInput): string {
  const parts = [input.command]
  if (input.subCommands?.length) parts.push('<command>')
  const hasOptions = Object.values(input.args).some((d) => d.type !== 'positional')
  if (hasOptions) parts.push('[OPTIONS]')
  for (const [name, def] of Object.entries(input.args)) {
    if (def.type !== 'positional') continue
    parts.push(def.required === false ? `[${name.toUpperCase()}]` : `<${name.toUpperCase()}>`)
  }
  return parts.join(' ')
}

export function renderHelp(input: HelpInput, style: HelpStyle): string {
  const heading = (text: string) => bold(text, style.color)
  const out: string[] = []
  out.push(`${heading('Usage:')} ${usageLine(input)}`, '')
  if (input.meta.description) out.push(...wrapText(input.meta.description, style.width), '')
  const positionals = positionalRows(input.args)
  if (positionals.length) out.push(heading('Arguments:'), ...renderRows(positionals, style), '')
  if (input.subCommands?.length) {
    const rows = input.subCommands.map((c) => ({ label: c.name, description: c.description }))
    out.push(heading('Commands:'), ...renderRows(rows, style), '')
  }
  const options = optionRows(input.args)
  options.push({ label: '-h, --help', description: 'Show this help' })
  if (input.meta.version) options.push({ label: '-v, --version', description: 'Show the version' })
  out.push(heading('Options:'), ...renderRows(options, style), '')
  if (input.subCommands?.length) {
    out.push(gray(`Run \`${input.command} <command> --help\` for a command's options.`, style.color), '')
  }
  return out.join('\n')
}
