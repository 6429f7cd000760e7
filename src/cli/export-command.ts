import { defineCommand } from 'citty'
import type { CostModel } from '../analytics/cost-model.ts'
import { defaultCostModel } from '../analytics/pricing/default-cost-model.ts'
import { requestCost } from '../analytics/usage-report.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import type { ApiRequestRecord } from '../model/records.ts'
import { writeStdout } from '../runtime/write-stdout.ts'
import { openStore } from '../store/open-store.ts'
import { configArgs, configFrom } from './common-args.ts'
import { dateRange } from './parse-date-range.ts'

/** Where a record's `cost` comes from: the words the explorer's `requests` view uses for `cost_source`. */
type CostSource = 'claude-code' | 'computed' | 'unpriced'

/** A stored record with the cost the reports give it (`costUsd` stays Claude Code's own figure, or null). */
type ExportRecord = ApiRequestRecord & { cost: number | null; costSource: CostSource }

function withCost(r: ApiRequestRecord, costs: CostModel): ExportRecord {
  const cost = requestCost({ ...r, cacheCreation1hTokens: r.cacheCreation1hTokens ?? 0 }, costs) ?? null
  const costSource = r.costUsd !== null ? 'claude-code' : cost === null ? 'unpriced' : 'computed'
  return { ...r, cost, costSource }
}

const columns = [
  'key',
  'messageId',
  'requestId',
  'sessionId',
  'project',
  'model',
  'timestamp',
  'inputTokens',
  'outputTokens',
  'cacheCreationTokens',
  'cacheCreation5mTokens',
  'cacheCreation1hTokens',
  'cacheReadTokens',
  'costUsd',
  'cost',
  'costSource',
  'durationMs',
  'gitBranch',
  'version',
  'isSidechain',
  'agentId',
  'source',
] as const satisfies readonly (keyof ExportRecord)[]

/** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvRow(r: ExportRecord): string {
  return columns
    .map((c) => csvField(c === 'timestamp' ? new Date(r.timestamp).toISOString() : r[c]))
    .join(',')
}

/** The JSON record: as stored, with its cost and its time as an ISO 8601 string, the same as in the CSV. */
function jsonRecord(r: ExportRecord): Omit<ExportRecord, 'timestamp'> & { timestamp: string } {
  return { ...r, timestamp: new Date(r.timestamp).toISOString() }
}

const CHUNK = 64 * 1024

function chunkedStdout() {
  let buffer = ''
  return {
    async write(text: string): Promise<void> {
      buffer += text
      if (buffer.length >= CHUNK) await this.flush()
    },
    async flush(): Promise<void> {
      const text = buffer
      buffer = ''
      if (text) await writeStdout(text)
    },
  }
}

export const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Write the stored API request records as JSON or CSV to stdout' },
  args: {
    ...configArgs,
    format: { type: 'enum', options: ['json', 'csv'], default: 'json', description: 'Output format' },
    since: {
      type: 'string',
      description: 'First day to include (YYYYMMDD or YYYY-MM-DD)',
      valueHint: 'DATE',
    },
    until: { type: 'string', description: 'Last day to include (YYYYMMDD or YYYY-MM-DD)', valueHint: 'DATE' },
    project: { type: 'string', description: 'Only this project' },
    'rate-limits': {
      type: 'boolean',
      description: 'Write the plan-limit readings (from the statusline) instead of the requests',
      default: false,
    },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    if (args['rate-limits']) return exportRateLimits(config, args.format === 'csv', args.since, args.until)
    const filter = {
      ...dateRange(args.since, args.until, config.timezone),
      ...(args.project ? { project: args.project } : {}),
    }
    const store = openStore(config)
    const costs = defaultCostModel()
    // Streamed in chunks: an export of millions of records never sits in memory as one string, and
    // a reader that leaves (`| head`) stops the export at the next chunk (write-stdout.ts).
    const out = chunkedStdout()
    try {
      let first = true
      if (args.format === 'csv') await out.write(`${columns.join(',')}\n`)
      else await out.write('[')
      for await (const stored of store.exportApiRequests(filter)) {
        const r = withCost(stored, costs)
        if (args.format === 'csv') await out.write(`${csvRow(r)}\n`)
        else await out.write(`${first ? '\n' : ',\n'}${JSON.stringify(jsonRecord(r))}`)
        first = false
      }
      await out.write(args.format === 'json' ? (first ? ']\n' : '\n]\n') : '')
      await out.flush()
    } finally {
      await store.close()
    }
  },
})

const rateLimitColumns = [
  'window',
  'usedPercentage',
  'resetsAt',
  'firstObservedAt',
  'lastObservedAt',
  'sessionId',
  'source',
  'usedUsd',
  'limitUsd',
  'period',
  'contextUsedPercentage',
  'contextWindowSize',
  'contextTokens',
  'cacheHitRatio',
  'cacheExpiresAt',
] as const satisfies readonly (keyof RateLimitObservation)[]

const timeColumns = new Set<string>(['resetsAt', 'firstObservedAt', 'lastObservedAt', 'cacheExpiresAt'])

/** Times as ISO 8601, as for requests; an unknown reset (0) as null. */
function rateLimitRecord(o: RateLimitObservation): Record<string, unknown> {
  return Object.fromEntries(
    rateLimitColumns.map((c) => {
      const v = o[c]
      return [c, timeColumns.has(c) && typeof v === 'number' ? (v > 0 ? new Date(v).toISOString() : null) : v]
    }),
  )
}

async function exportRateLimits(
  config: ReturnType<typeof configFrom>,
  csv: boolean,
  since: string | undefined,
  until: string | undefined,
): Promise<void> {
  const store = openStore(config)
  try {
    const records = (await store.listRateLimits(dateRange(since, until, config.timezone))).map(
      rateLimitRecord,
    )
    if (!csv) return await writeStdout(`${JSON.stringify(records, null, 2)}\n`)
    const rows = records.map((r) => rateLimitColumns.map((c) => csvField(r[c])).join(','))
    await writeStdout(`${[rateLimitColumns.join(','), ...rows].join('\n')}\n`)
  } finally {
    await store.close()
  }
}
