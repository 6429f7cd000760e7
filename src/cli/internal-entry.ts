// Runs one of the processes the program starts itself (runtime/entry-points.ts) when it was started as
// `context-cleaner --internal-entry NAME`: in the built executable their source files are not on disk
// to be run, so they are reached through the executable. Each entry runs when its module loads.

import { type InternalEntry, isInternalEntry } from '../runtime/entry-points.ts'

const loaders: Record<InternalEntry, () => Promise<unknown>> = {
  supervisor: () => import('../supervisor/daemon-main.ts'),
  'explorer-query': () => import('../store/sqlite/explorer-query-process.ts'),
  'statusline-scan': () => import('../statusline/scan-savings-main.ts'),
}

export async function runInternalEntry(name: string | undefined): Promise<void> {
  if (!isInternalEntry(name)) {
    process.stderr.write(`context-cleaner: no internal entry named ${JSON.stringify(name ?? '')}\n`)
    process.exit(2)
  }
  await loaders[name]()
}
