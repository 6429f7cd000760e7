// Pure: what a tool call was about (which file, which command), so reads, edits and retries of the same
// thing can be matched up later in the session.

import { posix } from 'node:path'
import { isObject } from '../../model/transcript-schema.ts'

export const fileEffects = ['read', 'edit', 'write'] as const
export type FileEffect = (typeof fileEffects)[number]

export interface ToolCall {
  toolUseId: string
  name: string
  /** Absolute file path, command or search the call concerns; null when it has none worth matching. */
  target: string | null
  effect: FileEffect | null
  /** For reads: `full` or `offset:limit`, so only a covering read supersedes a partial one. */
  range: string | null
  /** What a retry must match for an error to count as fixed. */
  retryKey: string
  line: number
  uuid: string | null
  timestamp: number | null
}

const effects: Record<string, FileEffect> = {
  Read: 'read',
  Edit: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Write: 'write',
}

export interface CallSite {
  toolUseId: string
  name: string
  input: unknown
  cwd: string | null
  line: number
  uuid: string | null
  timestamp: number | null
}

export function describeToolCall(site: CallSite): ToolCall {
  const input = isObject(site.input) ? site.input : {}
  const effect = effects[site.name] ?? null
  const path = stringField(input, 'file_path') ?? stringField(input, 'notebook_path')
  const file = path === null ? null : absolute(path, site.cwd)
  const command = stringField(input, 'command')
  let target: string | null = file
  if (target === null && command !== null) target = command.trim()
  if (target === null && stringField(input, 'pattern') !== null)
    target = `${stringField(input, 'pattern')} in ${stringField(input, 'path') ?? '.'}`
  return {
    toolUseId: site.toolUseId,
    name: site.name,
    target,
    effect: file === null ? null : effect,
    range: effect === 'read' ? readRange(input) : null,
    retryKey: `${site.name}:${retryTarget(file, command, input)}`,
    line: site.line,
    uuid: site.uuid,
    timestamp: site.timestamp,
  }
}

function stringField(input: Record<string, unknown>, key: string): string | null {
  const v = input[key]
  return typeof v === 'string' && v.length > 0 ? v : null
}

function absolute(path: string, cwd: string | null): string {
  return posix.isAbsolute(path) || cwd === null ? posix.normalize(path) : posix.resolve(cwd, path)
}

function readRange(input: Record<string, unknown>): string {
  const offset = input.offset
  const limit = input.limit
  if (offset === undefined && limit === undefined) return 'full'
  return `${String(offset ?? 1)}:${String(limit ?? '')}`
}

// A fixed command rarely repeats verbatim (`bun test` then `bun test src/x.test.ts`): the program and its
// first argument identify the step being retried.
function retryTarget(file: string | null, command: string | null, input: Record<string, unknown>): string {
  if (file !== null) return file
  if (command !== null) return command.trim().split(/\s+/).slice(0, 2).join(' ')
  return JSON.stringify(input).slice(0, 200)
}
