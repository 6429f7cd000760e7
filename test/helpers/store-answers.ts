// What a store answers (every report, its exported rows, every dashboard read), in a form two stores'
// answers can be compared with toEqual: for the parity and migration tests.

import { buildReport, type ReportKind, reportJson, reportKinds } from '../../src/analytics/build-report.ts'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { ClickHouseConnection } from '../../src/store/clickhouse/clickhouse-connection.ts'
import type { Store } from '../../src/store/store.ts'
import type { DashboardFilter, UsageReads } from '../../src/store/usage-reads.ts'
import type { UsageFilter } from '../../src/store/usage-types.ts'
import type { ClickHouseServer } from './clickhouse-server.ts'

export interface ReportVariant {
  timezone: string
  order: 'asc' | 'desc'
  filter: UsageFilter
}

const defaultVariants: ReportVariant[] = [
  { timezone: 'UTC', order: 'asc', filter: {} },
  { timezone: 'Asia/Tokyo', order: 'desc', filter: {} },
  { timezone: 'America/New_York', order: 'asc', filter: { project: 'shop' } },
  { timezone: 'UTC', order: 'asc', filter: { since: Date.UTC(2026, 10, 2), until: Date.UTC(2026, 10, 3) } },
]

/** Every report kind for every variant, as `report --json` prints it. */
export async function reports(store: Store, variants = defaultVariants): Promise<unknown[]> {
  const out: unknown[] = []
  for (const v of variants) {
    for (const kind of reportKinds) {
      const report = await buildReport(store, kind satisfies ReportKind, defaultCostModel(), {
        filter: v.filter,
        timezone: v.timezone,
        order: v.order,
        startOfWeek: 'monday',
        now: Date.UTC(2026, 10, 25),
      })
      out.push({ kind, variant: v, json: reportJson(report, v.timezone) })
    }
  }
  return out
}

export async function exported(store: Store) {
  const rows = []
  for await (const r of store.exportApiRequests({})) rows.push(r)
  return rows
}

const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)
/** Costs summed in another order differ in the last bits; nothing else may differ. */
export const roundDeep = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(roundDeep)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]))
      : round(v)
const rounded = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)])) as T
const sortedBy = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort()

/** Every dashboard read for each filter and session, with row order normalized where the interface promises none. */
export async function dashboard(
  reads: UsageReads,
  filters: readonly DashboardFilter[],
  sessions: readonly string[],
): Promise<unknown> {
  const split = { longContextThreshold: 200_000, priceChanges: [Date.UTC(2026, 10, 3, 10, 30)] }
  const dayStarts = [Date.UTC(2026, 10, 1, 5), Date.UTC(2026, 10, 2, 5), Date.UTC(2026, 10, 3, 5)]
  const out: unknown[] = [await reads.firstTimestamp(), await reads.facets()]
  for (const filter of filters) {
    for (const dims of [[], ['day'], ['session'], ['project']] as const)
      out.push(sortedBy((await reads.rollupUsage(filter, dims, split, dayStarts)).map(rounded)))
    out.push(await reads.recentRequests(filter, 1000))
    const tools = await reads.toolUsage(filter)
    out.push(tools && { tools: tools.tools, series: sortedBy(tools.series) })
    const telemetry = await reads.telemetry(filter)
    out.push(
      telemetry && {
        ...telemetry,
        metrics: telemetry.metrics.map(rounded),
        series: sortedBy(telemetry.series.map(rounded)),
        errorsByStatus: sortedBy(telemetry.errorsByStatus),
      },
    )
  }
  for (const id of sessions)
    out.push(
      await reads.session(id),
      await reads.sessionRequests(id),
      await reads.sessionEvents(id),
      await reads.sessionIdsByPrefix(id.slice(0, 3), 10),
    )
  return out
}

const mergedTables = [
  'api_requests',
  'otel_requests',
  'session_spans',
  'tool_calls',
  'api_errors',
  'user_prompts',
  'otel_logs',
  'otel_metrics',
  'otel_metric_series',
]

/** Lets ClickHouse merge every copy it holds now, so a test can compare answers before and after. */
export async function optimize(server: ClickHouseServer, database: string): Promise<void> {
  const conn = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl(database)))
  for (const table of mergedTables) await conn.command(`OPTIMIZE TABLE \`${database}\`.${table} FINAL`)
  await conn.close()
}
