// The rows a store's reads hand to reports and pages: plain shapes, so views can type their props
// without importing the store.

/** One API request as the dashboard shows it. */
export interface RequestRow {
  key: string
  sessionId: string
  project: string
  model: string
  timestamp: number
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheCreation1hTokens: number
  cacheReadTokens: number
  costUsd: number | null
  durationMs: number | null
  isSidechain: boolean
  agentId: string | null
  /** From telemetry: `compact` marks a compaction request. */
  querySource: string | null
}

export interface ToolCallRow {
  sessionId: string
  toolName: string
  timestamp: number
  success: boolean | null
  durationMs: number | null
  resultBytes: number | null
  error: string | null
}

export interface ApiErrorRow {
  sessionId: string
  timestamp: number
  model: string | null
  statusCode: number | null
  error: string | null
}

export interface ToolStats {
  toolName: string
  calls: number
  successes: number
  failures: number
  /** Mean over calls that reported a duration. */
  avgDurationMs: number | null
  avgResultBytes: number | null
  /** Over calls that reported a size (telemetry's tool_result events); null when none did (transcripts only). */
  totalResultBytes: number | null
}

export interface DailyCount {
  /** Start of the 15-minute bucket; the caller folds buckets into days in its time zone. */
  bucket: number
  key: string
  value: number
}

export interface ToolUsage {
  tools: ToolStats[]
  /** Calls per bucket and tool. */
  series: DailyCount[]
}

export interface MetricTotal {
  name: string
  /** The metric's `type` attribute (`added`/`removed` for lines of code, `user`/`cli` for active time). */
  type: string | null
  value: number
}

export interface TelemetryOverview {
  metrics: MetricTotal[]
  /** Metric increments per bucket, keyed by `name` or `name:type`. */
  series: DailyCount[]
  errorsByStatus: { statusCode: number | null; count: number }[]
  recentErrors: ApiErrorRow[]
  logRecords: number
}

export interface SessionEvents {
  tools: ToolCallRow[]
  errors: ApiErrorRow[]
}

export interface Facets {
  projects: string[]
  models: string[]
}
