// A sub-command known by its description before its module loads.

import type { CommandDef } from 'citty'

// biome-ignore lint/suspicious/noExplicitAny: citty's own type for a command of any args
type AnyCommand = CommandDef<any>

/**
 * A sub-command whose module loads only when it runs. Its one-line description sits here so that
 * `context-cleaner --help` lists every command without loading any of them (loading them all took
 * ten times a bare Bun start); a test checks each line against the command's own meta.
 */
export type LazyCommand = (() => Promise<AnyCommand>) & { readonly description: string }

export const lazy = (description: string, load: () => Promise<AnyCommand>): LazyCommand =>
  Object.assign(load, { description })

/** The description a lazy sub-command carries, so help need not load its module; undefined otherwise. */
export function knownDescription(sub: unknown): string | undefined {
  return typeof sub === 'function' && 'description' in sub && typeof sub.description === 'string'
    ? sub.description
    : undefined
}
