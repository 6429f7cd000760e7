import { defineCommand } from 'citty'
import type { Config } from '../config/load-config.ts'
import { type ImportOptions, importHistory } from '../ingest/import-history.ts'
import type { ImportSummary } from '../ingest/import-summary.ts'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { logger, writeJson, writeStdout } from './output.ts'
import { formatBytes, progressBar } from './progress-bar.ts'

const log = logger('import')

/** Imports what is new, with a progress bar on a terminal; shared by `import` and every report. */
export async function runImport(store: Store, config: Config, verbose = false): Promise<ImportSummary> {
  const bar = progressBar()
  const options: ImportOptions = { store, claudeDirs: config.claudeDirs }
  if (bar.active) {
    options.onProgress = (p) =>
      bar.update(
        p.bytesDone,
        p.bytesTotal,
        () =>
          `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}, ${p.filesDone}/${p.filesTotal} files`,
      )
  }
  const summary = await importHistory(options)
  bar.finish()
  if (verbose) {
    for (const [reason, n] of Object.entries(summary.skipped))
      if (n > 0) log.info(`skipped ${n} lines: ${reason}`)
    for (const path of summary.unreadable) log.warn(`cannot read ${path}`)
  }
  return summary
}

export function formatImportSummary(s: ImportSummary): string {
  const skipped = Object.entries(s.skipped).filter(([, n]) => n > 0)
  const lines = [
    `Files:         ${s.files} found, ${s.filesRead} with new data`,
    `Read:          ${formatBytes(s.bytes)}, ${s.lines.toLocaleString('en-US')} lines`,
    `API responses: ${s.apiResponses.toLocaleString('en-US')} lines, ${s.newRequests.toLocaleString('en-US')} new requests`,
    `Skipped:       ${skipped.length ? skipped.map(([r, n]) => `${n} ${r}`).join(', ') : 'none'}`,
    `Time:          ${s.durationMs} ms`,
  ]
  if (s.unreadable.length) lines.push(`Unreadable:    ${s.unreadable.join(', ')}`)
  return lines.join('\n')
}

export const importCommand = defineCommand({
  meta: {
    name: 'import',
    description: 'Import new Claude Code transcript lines into the store (incremental)',
  },
  args: {
    ...configArgs,
    ...jsonArg,
    verbose: {
      type: 'boolean',
      description: 'Log skipped lines by reason and unreadable files',
      default: false,
    },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    const store = openStore(config)
    try {
      const summary = await runImport(store, config, args.verbose)
      if (args.json) await writeJson(summary)
      else await writeStdout(formatImportSummary(summary))
    } finally {
      await store.close()
    }
  },
})
