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
  'OTEL_EXPORTER_OTLP_HEADERS',
] as const
export type TelemetryVariable = (typeof telemetryVariables)[number]

/** Every managed variable but the headers, which are set only for a collector that wants a token. */
export type TelemetryEnv = Record<Exclude<TelemetryVariable, 'OTEL_EXPORTER_OTLP_HEADERS'>, string> & {
  OTEL_EXPORTER_OTLP_HEADERS?: string
}

export function telemetryEnv(endpoint: string, token: string | null): TelemetryEnv {
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
    ...(token === null ? {} : { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${token}` }),
  }
}

/**
 * OTEL_EXPORTER_OTLP_HEADERS is `name=value,name=value` (values percent-decoded); ours replaces any
 * Authorization entry and keeps the other headers.
 */
function mergeHeaders(existing: unknown, ours: string): string {
  const others =
    typeof existing === 'string'
      ? existing
          .split(',')
          .map((h) => h.trim())
          .filter((h) => h !== '' && !/^authorization\s*=/i.test(h))
      : []
  return [...others, ours].join(',')
}

/** The bearer token in an OTEL_EXPORTER_OTLP_HEADERS value, or null when it has none. */
export function bearerOfHeaders(headers: unknown): string | null {
  if (typeof headers !== 'string') return null
  for (const header of headers.split(',')) {
    const at = header.indexOf('=')
    if (at < 0 || header.slice(0, at).trim().toLowerCase() !== 'authorization') continue
    const value = safeDecode(header.slice(at + 1).trim())
    const token = /^bearer\s+(\S+)$/i.exec(value)?.[1]
    if (token !== undefined) return token
  }
  return null
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function envOf(settings: ClaudeSettings): Record<string, unknown> {
  const env = settings.env
  return typeof env === 'object' && env !== null && !Array.isArray(env)
    ? (env as Record<string, unknown>)
    : {}
}

export function applyTelemetryEnv(settings: ClaudeSettings, env: TelemetryEnv): ClaudeSettings {
  const current = envOf(settings)
  const headers = env.OTEL_EXPORTER_OTLP_HEADERS
  const next = { ...current, ...env }
  if (headers !== undefined)
    next.OTEL_EXPORTER_OTLP_HEADERS = mergeHeaders(current.OTEL_EXPORTER_OTLP_HEADERS, headers)
  return { ...settings, env: next }
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

/**
 * `+ NAME=value`, `- NAME=value` and `~ NAME: old -> new` lines for the managed variables; bearer
 * tokens show only their last four characters (the diff lands in terminals and CI logs).
 */
export function envDiff(before: ClaudeSettings, after: ClaudeSettings): string[] {
  const a = envOf(before)
  const b = envOf(after)
  const lines: string[] = []
  for (const name of telemetryVariables) {
    if (a[name] === b[name]) continue
    const was = redactBearer(a[name])
    const now = redactBearer(b[name])
    if (was === undefined) lines.push(`+ env.${name}=${String(now)}`)
    else if (now === undefined) lines.push(`- env.${name}=${String(was)}`)
    else lines.push(`~ env.${name}: ${String(was)} -> ${String(now)}`)
  }
  return lines
}

function redactBearer(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return value.replace(/(bearer\s+)([^,\s]+)/gi, (_, scheme: string, token: string) =>
    token.length >= 12 ? `${scheme}…${token.slice(-4)}` : `${scheme}…`,
  )
}

/** POSIX shell `export` lines, single-quoted (the token in full: they are meant to be evaluated). */
export function shellExports(env: TelemetryEnv): string {
  return telemetryVariables
    .flatMap((name) => {
      const value = env[name]
      return value === undefined ? [] : [`export ${name}='${value.replaceAll("'", "'\\''")}'`]
    })
    .join('\n')
}
