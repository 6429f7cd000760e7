// consola writes info and log messages to stdout by default; stdout is for data (`--json`, a service's
// ready line), so every message goes to stderr. consola is loaded on the first message only: most
// commands never log, and loading it costs more than a warm report's query.

import type { ConsolaInstance } from 'consola'

let base: ConsolaInstance | undefined

function consola(): ConsolaInstance {
  if (!base) {
    // Synchronous on purpose: logging calls are synchronous. Bun's require loads ES modules.
    const { createConsola } = require('consola') as typeof import('consola')
    base = createConsola({ stdout: process.stderr, stderr: process.stderr })
  }
  return base
}

const levels = ['info', 'warn', 'error', 'success', 'start', 'debug', 'fail', 'ready', 'box', 'log'] as const
type Level = (typeof levels)[number]

export type Logger = Pick<ConsolaInstance, Level>

export function logger(tag: string): Logger {
  let tagged: ConsolaInstance | undefined
  const get = () => {
    tagged ??= consola().withTag(tag)
    return tagged
  }
  return Object.fromEntries(
    levels.map((level) => [
      level,
      (...args: unknown[]) => (get()[level] as (...a: unknown[]) => void)(...args),
    ]),
  ) as Logger
}

/** Untagged, for prompts and top-level messages. */
export function log(): ConsolaInstance {
  return consola()
}
