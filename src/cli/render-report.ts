// Pure: a report as a terminal table.

import Table from 'cli-table3'
import { type BillingBlock, MIN_PROJECTION_SPAN_MS } from '../analytics/billing-blocks.ts'
import type { Report, ReportKind } from '../analytics/build-report.ts'
import { formatUsd } from '../analytics/format-figures.ts'
import type { UsageRow } from '../analytics/usage-report.ts'

const n = (v: number) => v.toLocaleString('en-US')
// Costs read as everywhere else (cents; `<$0.01` for a cost too small to show as one).
const usd = formatUsd

const keyHeader = {
  daily: 'Date',
  weekly: 'Week',
  monthly: 'Month',
  session: 'Session',
  project: 'Project',
  model: 'Model',
  user: 'User',
  team: 'Team',
} as const satisfies Record<Exclude<ReportKind, 'blocks'>, string>

/** The first `labels` columns name things (left-aligned); the rest are figures. */
function table(head: string[], labels = 2): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    colAligns: head.map((_, i) => (i < labels ? 'left' : 'right')),
  })
}

export function renderReport(report: Report, breakdown: boolean): string {
  if (report.kind === 'blocks') return renderBlocks(report.blocks)
  if (report.rows.length === 0) return 'No usage found for this selection.'
  // A row per model already names its model: no second Models column beside Model.
  const models = report.kind !== 'model'
  const t = table(
    [
      keyHeader[report.kind],
      ...(models ? ['Models'] : []),
      'Input',
      'Output',
      'Cache Create',
      'Cache Read',
      'Total Tokens',
      'Cost (USD)',
    ],
    models ? 2 : 1,
  )
  for (const r of report.rows) {
    t.push([
      label(report.kind, r),
      ...(models ? [r.modelsUsed.map(shortModel).join('\n')] : []),
      ...numbers(r),
      !models && r.unpricedModels.length > 0 && r.totalCost === 0
        ? 'unpriced'
        : cost(r.totalCost, r.unpricedModels),
    ])
    if (breakdown && models) {
      for (const b of r.modelBreakdowns) {
        t.push([
          `  └ ${shortModel(b.modelName)}`,
          '',
          n(b.inputTokens),
          n(b.outputTokens),
          n(b.cacheCreationTokens),
          n(b.cacheReadTokens),
          n(b.inputTokens + b.outputTokens + b.cacheCreationTokens + b.cacheReadTokens),
          r.unpricedModels.includes(b.modelName) && b.cost === 0
            ? 'unpriced'
            : cost(b.cost, r.unpricedModels.includes(b.modelName) ? [b.modelName] : []),
        ])
      }
    }
  }
  const tot = report.totals
  t.push([
    'Total',
    ...(models ? [''] : []),
    n(tot.inputTokens),
    n(tot.outputTokens),
    n(tot.cacheCreationTokens),
    n(tot.cacheReadTokens),
    n(tot.totalTokens),
    cost(tot.totalCost, tot.unpricedModels),
  ])
  const note = tot.unpricedModels.length
    ? `\n* excludes tokens of models with no known price: ${tot.unpricedModels.join(', ')}`
    : ''
  return `${t.toString()}${note}`
}

// Telemetry-only requests have no project until a transcript names it.
const UNKNOWN_PROJECT = '(unknown)'
// Only telemetry names a user or team; transcript-only requests have neither.
const UNATTRIBUTED = '(unattributed)'

function label(kind: Exclude<ReportKind, 'blocks'>, r: UsageRow): string {
  if (kind === 'project') return r.key || UNKNOWN_PROJECT
  if (kind === 'user' || kind === 'team') return r.key || UNATTRIBUTED
  if (kind !== 'session') return r.key
  return `${r.key}\n${r.project === '' ? UNKNOWN_PROJECT : (r.project ?? '')}`
}

function numbers(r: UsageRow): string[] {
  return [
    n(r.inputTokens),
    n(r.outputTokens),
    n(r.cacheCreationTokens),
    n(r.cacheReadTokens),
    n(r.totalTokens),
  ]
}

function cost(value: number, unpriced: readonly string[]): string {
  return unpriced.length ? `${usd(value)}*` : usd(value)
}

/** `claude-sonnet-4-5-20250929` reads as `sonnet-4-5`. */
export function shortModel(model: string): string {
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '')
}

const MIN_PROJECTION_MINUTES = MIN_PROJECTION_SPAN_MS / 60_000

function renderBlocks(blocks: readonly BillingBlock[]): string {
  if (blocks.length === 0) return 'No usage found for this selection.'
  const t = table([
    'Block start',
    'Status',
    'Requests',
    'Models',
    'Total Tokens',
    'Cost (USD)',
    'Burn / projection',
  ])
  for (const b of blocks) {
    const status = b.isGap ? 'gap' : b.isActive ? 'ACTIVE' : 'done'
    const burn =
      b.burnRate && b.projection
        ? `${n(Math.round(b.burnRate.tokensPerMinute))} tok/min, ${usd(b.burnRate.costPerHour)}/h\n→ ${n(b.projection.totalTokens)} tok, ${usd(b.projection.totalCost)} in ${b.projection.remainingMinutes} min`
        : b.tooLittleActivity
          ? `too little activity to project\n(${b.activeMinutes} of ${MIN_PROJECTION_MINUTES} min)`
          : ''
    t.push([
      b.startTime.replace('T', ' ').slice(0, 16),
      status,
      n(b.entries),
      b.models.map(shortModel).join('\n'),
      n(b.totalTokens),
      cost(b.costUSD, b.unpricedModels),
      burn,
    ])
  }
  return t.toString()
}
