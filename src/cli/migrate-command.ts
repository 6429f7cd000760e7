import { defineCommand } from 'citty'
import { isClickHouseUrl, parseClickHouseUrl, redactedLocation } from '../store/clickhouse/clickhouse-url.ts'
import { migrateToClickHouse } from '../store/clickhouse/migrate-to-clickhouse.ts'
import { openClickHouseStore } from '../store/open-store.ts'
import { SqliteStore } from '../store/sqlite/sqlite-store.ts'
import { StoreError } from '../store/store-error.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { guard, UsageError } from './guard.ts'
import { writeJson, writeStdout } from './output.ts'

export const migrateCommand = defineCommand({
  meta: {
    name: 'migrate',
    description: 'Copy the embedded store into ClickHouse (resumable; counts verified at the end)',
  },
  args: {
    ...configArgs,
    ...jsonArg,
    to: { type: 'string', description: 'clickhouse://user:password@host:8123/database', valueHint: 'URL' },
  },
  run: guard(async ({ args }) => {
    if (!args.to || !isClickHouseUrl(args.to))
      throw new UsageError('Expected `--to` to be clickhouse://user:password@host:8123/database')
    const target = parseClickHouseUrl(args.to)
    const config = configFrom(args)
    const from = new SqliteStore(config.databasePath)
    const to = openClickHouseStore(config, target)
    try {
      const summary = await migrateToClickHouse({ from, to })
      if (args.json) await writeJson(summary)
      else
        await writeStdout(
          [
            `Copied ${summary.copied} requests to ${redactedLocation(target)} (${summary.alreadyCopied} already there from an earlier run), ${summary.sessions} sessions.`,
            `Verified ${summary.verified} of ${summary.sourceRequests} requests on the server.`,
          ].join('\n'),
        )
      if (summary.missing > 0)
        throw new StoreError(
          'store-unavailable',
          `${summary.missing} requests are missing on the server; run migrate again to copy them`,
        )
    } finally {
      await Promise.all([from.close(), to.close()])
    }
  }),
})
