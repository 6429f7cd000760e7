import { type ArgsDef, defineCommand } from 'citty'
import { buildReport, type ReportKind, reportJson, reportKinds } from '../analytics/build-report.ts'
import { weekdays } from '../analytics/calendar.ts'
import { defaultCostModel } from '../analytics/pricing/default-cost-model.ts'
import type { Config } from '../config/load-config.ts'
import type { ImportSummary } from '../ingest/import-summary.ts'
import { openStore } from '../store/open-store.ts'
import type { Store } from '../store/store.ts'
import { UsageError } from './cli-error.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { noTranscripts, runImport } from './import-command.ts'
import { logger, writeJson, writeStdout } from './output.ts'
import { dateRange } from './parse-date-range.ts'

const log = logger('report')

const descriptions = {
  daily: 'Usage and cost per day',
  weekly: 'Usage and cost per week',
  monthly: 'Usage and cost per month',
  session: 'Usage and cost per session',
  project: 'Usage and cost per project',
  model: 'Usage and cost per model',
  user: 'Usage and cost per user (team mode: from telemetry, by email or user id)',
  team: 'Usage and cost per team (the `team` resource attribute in OTEL_RESOURCE_ATTRIBUTES)',
  blocks: '5-hour billing blocks, with burn rate and projection for the active one',
} as const satisfies Record<ReportKind, string>

const reportArgs = {
  ...configArgs,
  ...jsonArg,
  since: { type: 'string', description: 'First day to include (YYYYMMDD or YYYY-MM-DD)', valueHint: 'DATE' },
  until: { type: 'string', description: 'Last day to include (YYYYMMDD or YYYY-MM-DD)', valueHint: 'DATE' },
  project: { type: 'string', description: 'Only this project (its path, or the last part of it)' },
  user: { type: 'string', description: 'Only this user (email or user id, from telemetry)' },
  team: { type: 'string', description: 'Only this team (from telemetry)' },
  breakdown: { type: 'boolean', description: 'Show a row per model under each line', default: false },
  order: { type: 'enum', options: ['asc', 'desc'], description: 'Sort order', default: 'asc' },
  'start-of-week': {
    type: 'enum',
    options: [...weekdays],
    valueHint: 'DAY',
    description: 'First day of a week (weekly)',
    default: 'monday',
  },
  // Declared as `import` (on by default): citty reads `--no-import` as `import: false`, never as a
  // flag named `no-import`, which stayed false and imported anyway.
  import: {
    type: 'boolean',
    description: 'Import what is new before reporting',
    negativeDescription: 'Report on what is stored without importing first',
    default: true,
  },
} satisfies ArgsDef

const liveArgs = {
  live: {
    type: 'boolean',
    description: 'Monitor the active block in place (Ctrl-C ends it); plain frames when not on a terminal',
    default: false,
  },
  interval: {
    type: 'string',
    description: 'Seconds between refreshes with --live; default 5',
    valueHint: 'S',
  },
} satisfies ArgsDef

function reportCommand(kind: ReportKind) {
  return defineCommand({
    meta: { name: kind, description: descriptions[kind] },
    args: kind === 'blocks' ? { ...reportArgs, ...liveArgs } : reportArgs,
    run: async ({ args }) => {
      const config = configFrom(args)
      if ('live' in args && args.live === true) {
        const seconds = Number(args.interval ?? 5)
        if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 3600)
          throw new UsageError(`Expected \`--interval\` to be 0.2-3600 seconds, got \`${args.interval}\``)
        const { runBlocksLive } = await import('./blocks-live.ts')
        return runBlocksLive(openStore(config), config, seconds * 1000)
      }
      const filter = {
        ...dateRange(args.since, args.until, config.timezone),
        ...(args.project ? { project: args.project } : {}),
        ...(args.user ? { user: args.user } : {}),
        ...(args.team ? { team: args.team } : {}),
      }
      const store = openStore(config)
      try {
        const imported = args.import ? await runImport(store, config) : null
        const report = await buildReport(store, kind, defaultCostModel(), {
          filter,
          timezone: config.timezone,
          order: args.order === 'desc' ? 'desc' : 'asc',
          startOfWeek: weekdays.find((d) => d === args['start-of-week']) ?? 'monday',
          now: Date.now(),
        })
        const empty = report.kind === 'blocks' ? report.blocks.length === 0 : report.rows.length === 0
        if (empty) await explainEmpty(store, config, imported)
        if (args.json) await writeJson(reportJson(report, config.timezone))
        else {
          // The table renderer (cli-table3) costs a tenth of a warm report's time to load; JSON skips it.
          const { renderReport } = await import('./render-report.ts')
          await writeStdout(renderReport(report, args.breakdown))
        }
      } finally {
        await store.close()
      }
    },
  })
}

/** An empty report because nothing is stored says why, on stderr: where the import looked, or that it did not. */
async function explainEmpty(store: Store, config: Config, imported: ImportSummary | null): Promise<void> {
  if ((await store.countApiRequests()) > 0) return
  if (imported === null)
    log.warn('Nothing is stored yet: run `context-cleaner import`, or the report without `--no-import`')
  else if (imported.files === 0) log.warn(noTranscripts(config))
}

export const reportCommandGroup = defineCommand({
  meta: { name: 'report', description: 'Usage and cost reports (each imports what is new first)' },
  subCommands: {
    ...Object.fromEntries(reportKinds.map((k) => [k, reportCommand(k)])),
    limits: () => import('./limits-command.ts').then((m) => m.limitsCommand),
  },
})
