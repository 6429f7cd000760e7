import { join } from 'node:path'
import { defineCommand } from 'citty'
import { formatBytes } from '../analytics/format-figures.ts'
import type { Config } from '../config/load-config.ts'
import { listingCachePath, openListingCache } from '../ingest/directory-listings.ts'
import { importHistory } from '../ingest/import-history.ts'
import type { ImportOptions } from '../ingest/import-options.ts'
import type { ImportSummary } from '../ingest/import-summary.ts'
import { lineNumbersAt } from '../ingest/line-numbers.ts'
import type { SkipReason } from '../model/transcript-schema.ts'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { logger, writeJson, writeStdout } from './output.ts'
import { progressBar } from './progress-bar.ts'

const log = logger('import')

/** Imports what is new, with a progress bar on a terminal; shared by `import` and every report. */
export async function runImport(store: Store, config: Config, verbose = false): Promise<ImportSummary> {
  const bar = progressBar()
  const options: ImportOptions = {
    store,
    claudeDirs: config.claudeDirs,
    listingCache: openListingCache(listingCachePath(config.dataDir)),
  }
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
    for (const line of skippedLines(summary)) log.info(`skipped ${line.path}:${line.line}: ${line.reason}`)
    const more = Object.values(summary.skipped).reduce((a, b) => a + b, 0) - summary.skippedLines.length
    if (more > 0) log.info(`and ${more} more skipped lines (counted by reason above)`)
    for (const path of summary.unreadable) log.warn(`cannot read ${path}`)
  }
  return summary
}

/** Where the import looked, and what to do, when it found no transcript at all. */
export function noTranscripts(config: Config): string {
  const searched = config.claudeDirs.map((d) => join(d, 'projects')).join(', ')
  return `No Claude Code transcripts found in ${searched}. Use Claude Code once (it writes them there), or point \`--claude-dir\` (or CLAUDE_CONFIG_DIR) at the folder that holds its projects/ folder.`
}

interface SkippedLineAt {
  path: string
  line: number
  reason: SkipReason
}

/** The skipped lines with their line numbers (counted only here, for --verbose). */
function skippedLines(summary: ImportSummary): SkippedLineAt[] {
  const byFile = Map.groupBy(summary.skippedLines, (l) => l.path)
  return [...byFile].flatMap(([path, lines]) => {
    let numbers: Map<number, number>
    try {
      numbers = lineNumbersAt(
        path,
        lines.map((l) => l.offset),
      )
    } catch {
      numbers = new Map()
    }
    return lines.map((l) => ({ path, line: numbers.get(l.offset) ?? 0, reason: l.reason }))
  })
}

export function formatImportSummary(s: ImportSummary): string {
  const skipped = Object.entries(s.skipped).filter(([, n]) => n > 0)
  const lines = [
    `Files:         ${s.files} found, ${s.filesRead} with new data`,
    `Read:          ${formatBytes(s.bytes)}, ${s.lines.toLocaleString('en-US')} lines`,
    `API responses: ${s.apiResponses.toLocaleString('en-US')} lines, ${s.newRequests.toLocaleString('en-US')} new requests`,
    `Tool calls:    ${s.toolCalls.toLocaleString('en-US')}`,
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
      description: 'Name the file and line of each skipped line (the first 1,000), and unreadable files',
      default: false,
    },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    const store = openStore(config)
    try {
      const summary = await runImport(store, config, args.verbose)
      if (summary.files === 0) log.warn(noTranscripts(config))
      const { skippedLines: _places, ...counts } = summary
      // The places of skipped lines are for --verbose, which gives them with line numbers.
      if (args.json)
        await writeJson(args.verbose ? { ...counts, skippedLines: skippedLines(summary) } : counts)
      else await writeStdout(formatImportSummary(summary))
    } finally {
      await store.close()
    }
  },
})
