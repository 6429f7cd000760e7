// The program's own entry points: the CLI, the supervisor daemon, the explorer's query process and
// two workers. Run from source they are .ts files under src/. In the executable that `bun run build`
// makes (scripts/build-executable.ts), every module is bundled into one file and the workers sit in
// Bun's embedded file system; a process of ours is started by running the executable itself, with an
// internal argument when it is not a CLI command.

import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { internalEntryFlag } from './internal-entry-flag.ts'

/** Bundled modules live in Bun's embedded file system; from source they are files on disk. */
export const isCompiled = import.meta.path.startsWith('/$bunfs/')

const srcDir = resolve(import.meta.dir, '..')
/** Where the build (with `root: 'src'`) puts each entry point, under its path below src/. */
const embeddedRoot = '/$bunfs/root'

/** Internal entries: processes the program starts itself, each loading only what it needs. */
export const internalEntries = {
  supervisor: 'supervisor/daemon-main.ts',
  'explorer-query': 'store/sqlite/explorer-query-process.ts',
  'statusline-scan': 'statusline/scan-savings-main.ts',
} as const

export type InternalEntry = keyof typeof internalEntries

export const workerEntries = ['ingest/scan-worker.ts', 'otlp/decode-worker.ts'] as const

export type WorkerEntry = (typeof workerEntries)[number]

export function isInternalEntry(name: string | undefined): name is InternalEntry {
  return name !== undefined && Object.hasOwn(internalEntries, name)
}

/** The command line that runs `context-cleaner <args>` with this same program. */
export function cliCommand(args: readonly string[]): string[] {
  return isCompiled
    ? [process.execPath, ...args]
    : [process.execPath, join(srcDir, 'cli', 'main.ts'), ...args]
}

/** The command line that starts an internal entry. */
export function internalEntryCommand(entry: InternalEntry): string[] {
  return isCompiled
    ? [process.execPath, internalEntryFlag, entry]
    : [process.execPath, join(srcDir, internalEntries[entry])]
}

/** What `new Worker()` takes for one of our workers. */
export function workerUrl(entry: WorkerEntry): string {
  return isCompiled ? `${embeddedRoot}/${entry}` : pathToFileURL(join(srcDir, entry)).href
}
