// Imports the cleaned copy right away, so the store knows the new session (and its transcript path)
// before the next full import. Its requests share keys with the original's, so no usage is counted twice.

import { statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { importFile } from '../ingest/import-file.ts'
import { emptySummary } from '../ingest/import-summary.ts'
import type { Store } from '../store/store.ts'

export async function importCleanedSession(store: Store, path: string, sessionId: string): Promise<void> {
  const s = statSync(path)
  await importFile({
    store,
    file: { path, projectDir: basename(dirname(path)), sessionId, isSubagent: false },
    stat: { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs },
    start: 0,
    summary: emptySummary(),
  })
}
