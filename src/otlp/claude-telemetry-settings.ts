// Pure: the `env` entries that make Claude Code send telemetry to our collector, applied to (or
// taken back out of) the object in Claude Code's settings.json, leaving every other setting alone.

export type ClaudeSettings = Record<string, unknown>

/** The variables `setup claude` manages, in the order they are written. */
export const telemetryVariables = [
  'CLAUDE_CODE_ENABLE_TELEMETRY',
  'OTEL_METRICS_EXPORTER',
  'OTEL_LOGS_EXPORTER',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_METRIC_EXPORT_INTERVAL',
  'OTEL_LOGS_EXPORT_INTERVAL',
] as const
export type TelemetryVariable = (typeof telemetryVariables)[number]

export function telemetryEnv(endpoint: string): Record<TelemetryVariable, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    // Protobuf is the smaller and cheaper encoding; the collector takes JSON too.
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    // Claude Code's defaults are 60 s for metrics and 5 s for logs; 10 s keeps the dashboard live.
    OTEL_METRIC_EXPORT_INTERVAL: '10000',
    OTEL_LOGS_EXPORT_INTERVAL: '5000',
  }
}

function envOf(settings: ClaudeSettings): Record<string, unknown> {
  const env = settings.env
  return typeof env === 'object' && env !== null && !Array.isArray(env)
    ? (env as Record<string, unknown>)
    : {}
}

export function applyTelemetryEnv(
  settings: ClaudeSettings,
  env: Record<TelemetryVariable, string>,
): ClaudeSettings {
  return { ...settings, env: { ...envOf(settings), ...env } }
}

/**
 * Takes the managed variables back to what `before` (the backup taken by the first setup) had, or
 * removes them when there is no backup; everything else in `current` stays as it is now.
 */
export function undoTelemetryEnv(current: ClaudeSettings, before: ClaudeSettings | null): ClaudeSettings {
  const env: Record<string, unknown> = { ...envOf(current) }
  const previous = before === null ? {} : envOf(before)
  for (const name of telemetryVariables) {
    if (name in previous) env[name] = previous[name]
    else delete env[name]
  }
  // Assigning onto a copy keeps `env` where it was in the file; an `env` that only setup created goes.
  const out: ClaudeSettings = { ...current, env }
  if (Object.keys(env).length === 0 && !(before !== null && 'env' in before)) delete out.env
  return out
}

/** `+ NAME=value`, `- NAME=value` and `~ NAME: old -> new` lines for the managed variables. */
export function envDiff(before: ClaudeSettings, after: ClaudeSettings): string[] {
  const a = envOf(before)
  const b = envOf(after)
  const lines: string[] = []
  for (const name of telemetryVariables) {
    const was = a[name]
    const now = b[name]
    if (was === now) continue
    if (was === undefined) lines.push(`+ env.${name}=${String(now)}`)
    else if (now === undefined) lines.push(`- env.${name}=${String(was)}`)
    else lines.push(`~ env.${name}: ${String(was)} -> ${String(now)}`)
  }
  return lines
}

/** POSIX shell `export` lines, single-quoted. */
export function shellExports(env: Record<TelemetryVariable, string>): string {
  return telemetryVariables.map((name) => `export ${name}='${env[name].replaceAll("'", "'\\''")}'`).join('\n')
}
