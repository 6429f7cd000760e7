import { defineCommand } from 'citty'
import { isClickHouseUrl, parseClickHouseUrl, redactedLocation } from '../config/clickhouse-url.ts'
import { type MigrateSummary, migrateToClickHouse } from '../store/migrate-to-clickhouse.ts'
import { type MigratedTable, migratedTables } from '../store/migration-records.ts'
import { openClickHouseStore } from '../store/open-store.ts'
import { SqliteStore } from '../store/sqlite/sqlite-store.ts'
import { StoreError } from '../store/store-error.ts'
import { UsageError } from './cli-error.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { writeJson, writeStdout } from './output.ts'

export const migrateCommand = defineCommand({
  meta: {
    name: 'migrate',
    description:
      'Copy the embedded store into ClickHouse: requests, sessions, checkpoints and telemetry (resumable; counts verified at the end)',
  },
  args: {
    ...configArgs,
    ...jsonArg,
    to: {
      type: 'string',
      description:
        'clickhouse://user:password@host:8123/database; receives requests (with who sent them), sessions, import checkpoints, tool calls, API errors, prompts, raw logs and metric points',
      valueHint: 'URL',
    },
  },
  run: async ({ args }) => {
    if (!args.to || !isClickHouseUrl(args.to))
      throw new UsageError('Expected `--to` to be clickhouse://user:password@host:8123/database')
    const target = parseClickHouseUrl(args.to)
    const config = configFrom(args)
    const from = new SqliteStore(config.databasePath)
    const to = openClickHouseStore(config, target)
    try {
      const summary = await migrateToClickHouse({ from, to })
      if (args.json) await writeJson(summary)
      else await writeStdout(describeSummary(summary, redactedLocation(target)))
      const missing = missingRows(summary)
      if (missing.length > 0)
        throw new StoreError(
          'store-unavailable',
          `Missing on the server: ${missing.join(', ')}; run migrate again to copy them`,
        )
    } finally {
      await Promise.all([from.close(), to.close()])
    }
  },
})

const tableLabels = {
  otel_requests: 'telemetry copies of requests',
  tool_calls: 'tool calls',
  api_errors: 'API errors',
  user_prompts: 'prompts',
  otel_logs: 'log records',
  otel_metrics: 'metric points',
} as const satisfies Record<MigratedTable, string>

function describeSummary(s: MigrateSummary, location: string): string {
  const tables = Object.entries(s.tables)
  const telemetry = migratedTables.map((t) => `${s.tables[t].copied} ${tableLabels[t]}`)
  const verified = tables.reduce((n, [, t]) => n + t.verified, 0)
  const source = tables.reduce((n, [, t]) => n + t.source, 0)
  const already = tables.reduce((n, [, t]) => n + t.alreadyCopied, 0)
  return [
    `Copied ${s.copied} requests to ${location} (${s.alreadyCopied} already there from an earlier run), ${s.sessions} sessions.`,
    `Copied telemetry: ${telemetry.join(', ')} (${already} already there), ${s.metricSeries} metric series.`,
    `Verified ${s.verified} of ${s.sourceRequests} requests and ${verified} of ${source} telemetry rows on the server.`,
  ].join('\n')
}

function missingRows(s: MigrateSummary): string[] {
  const requests = s.missing > 0 ? [`${s.missing} requests`] : []
  return [
    ...requests,
    ...migratedTables
      .filter((t) => s.tables[t].missing > 0)
      .map((t) => `${s.tables[t].missing} ${tableLabels[t]}`),
  ]
}
