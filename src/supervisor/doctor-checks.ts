// `doctor`'s judgements: facts in, a verdict and what to do about it out. Pure; doctor.ts gathers the
// facts.

import { bearerOfHeaders } from '../otlp/claude-telemetry-settings.ts'
import { isLoopbackHost } from '../otlp/collector-auth.ts'

const checkLevels = ['ok', 'warn', 'fail'] as const
export type CheckLevel = (typeof checkLevels)[number]

export interface Check {
  name: string
  level: CheckLevel
  detail: string
  /** What to do; null when nothing needs doing. */
  fix: string | null
}

const ok = (name: string, detail: string): Check => ({ name, level: 'ok', detail, fix: null })

/** `required` is a `>=x.y.z` range as in package.json's engines. */
export function checkBunVersion(version: string, required: string): Check {
  const min = required.replace(/^>=\s*/, '')
  if (compareVersions(version, min) >= 0) return ok('bun', `Bun ${version} (needs ${required})`)
  return {
    name: 'bun',
    level: 'fail',
    detail: `Bun ${version} is older than ${min}`,
    fix: 'Upgrade Bun: `bun upgrade`',
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0)
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

export interface ClaudeSettings {
  path: string
  /** The `env` block of settings.json, or null if the file is missing or has none. */
  env: Record<string, unknown> | null
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

export interface CollectorFacts {
  /** The bearer token the collector requires. @default null */
  token?: string | null
  /** The OTLP/gRPC port when the collector takes gRPC too. @default null */
  grpcPort?: number | null
}

/**
 * Claude Code sends telemetry when its settings' env has CLAUDE_CODE_ENABLE_TELEMETRY=1, an `otlp`
 * logs or metrics exporter, an HTTP protocol (or gRPC when the collector takes it) with an endpoint
 * on the matching port, and, when the collector requires one, its bearer token.
 */
export function checkTelemetry(
  settings: ClaudeSettings[],
  collectorPort: number,
  { token: collectorToken = null, grpcPort = null }: CollectorFacts = {},
): Check {
  const name = 'telemetry'
  const fix = 'Run `context-cleaner setup claude` to point Claude Code at the collector'
  const wired = settings.find((s) => s.env !== null && s.env.CLAUDE_CODE_ENABLE_TELEMETRY !== undefined)
  if (!wired?.env) {
    const where = settings.map((s) => s.path).join(', ') || 'no Claude Code settings found'
    return { name, level: 'warn', detail: `Claude Code telemetry is not enabled (${where})`, fix }
  }
  const env = wired.env
  const text = (key: string) => {
    const value = env[key]
    return typeof value === 'string' ? value : undefined
  }
  const problems: string[] = []
  if (text('CLAUDE_CODE_ENABLE_TELEMETRY') !== '1') problems.push('CLAUDE_CODE_ENABLE_TELEMETRY is not "1"')
  if (text('OTEL_LOGS_EXPORTER') !== 'otlp' && text('OTEL_METRICS_EXPORTER') !== 'otlp') {
    problems.push('neither OTEL_LOGS_EXPORTER nor OTEL_METRICS_EXPORTER is "otlp"')
  }
  const protocol = text('OTEL_EXPORTER_OTLP_PROTOCOL') ?? text('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL')
  const grpc = protocol === 'grpc' && grpcPort !== null
  if (protocol !== 'http/json' && protocol !== 'http/protobuf' && !grpc) {
    const expected = grpcPort === null ? 'http/json or http/protobuf' : 'http/json, http/protobuf or grpc'
    problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL is ${protocol ?? 'unset'}; expected ${expected}`)
  }
  const port = grpc ? grpcPort : collectorPort
  const endpoint = text('OTEL_EXPORTER_OTLP_ENDPOINT') ?? text('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT')
  const target = endpoint ? parseEndpoint(endpoint) : null
  if (!target) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT is ${endpoint ?? 'unset'}`)
  else if (target.port !== port) {
    problems.push(`the endpoint ${endpoint} is not the collector's ${grpc ? 'gRPC ' : ''}port ${port}`)
  } else if (!loopback.has(target.host)) {
    problems.push(`the endpoint ${endpoint} is not on this machine (fine if a team collector runs there)`)
  }
  if (collectorToken !== null) {
    const sent = bearerOfHeaders(
      text('OTEL_EXPORTER_OTLP_HEADERS') ?? text('OTEL_EXPORTER_OTLP_LOGS_HEADERS'),
    )
    if (sent === null)
      problems.push('the collector requires a token but OTEL_EXPORTER_OTLP_HEADERS has no bearer token')
    else if (sent !== collectorToken)
      problems.push("the bearer token in OTEL_EXPORTER_OTLP_HEADERS is not the collector's")
  }
  if (problems.length === 0) return ok(name, `Claude Code sends telemetry to ${endpoint} (${wired.path})`)
  return { name, level: 'warn', detail: `${wired.path}: ${problems.join('; ')}`, fix }
}

function parseEndpoint(text: string): { host: string; port: number } | null {
  try {
    const url = new URL(text)
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
    return { host: url.hostname, port }
  } catch {
    return null
  }
}

/** Who can write to the collector: the configured token, the one it generates beyond loopback, or only this machine. */
export function checkCollectorAccess(
  host: string,
  configuredToken: boolean,
  generatedTokenPath: string,
): Check {
  const name = 'collector access'
  if (configuredToken) return ok(name, 'OTLP requests need the configured bearer token')
  if (isLoopbackHost(host)) return ok(name, `no token; only this machine reaches ${host}`)
  return ok(
    name,
    `bound to ${host} without a configured token: OTLP requests need the token the collector keeps in ${generatedTokenPath}`,
  )
}

export interface DashboardTokenFacts {
  path: string
  /** The token file's permission bits, or null when the dashboard has not made it yet. */
  mode: number | null
}

/** The dashboard's access mode: who can open it, and whether its token file is the owner's alone. */
export function checkDashboardAccess(host: string, token: DashboardTokenFacts): Check {
  const name = 'dashboard access'
  if (token.mode !== null && (token.mode & 0o077) !== 0) {
    return {
      name,
      level: 'fail',
      detail: `${token.path} has mode ${(token.mode & 0o777).toString(8)}: other accounts can read the dashboard's token`,
      fix: `\`chmod 600 ${token.path}\`, then remove it and restart the dashboard (\`context-cleaner restart dashboard\`) for a new token`,
    }
  }
  const where =
    token.mode === null ? `made at the dashboard's first start in ${token.path}` : `in ${token.path}`
  const mode = `token required (per user, ${where}); open the URL \`run\` prints or \`status --json\` gives`
  if (isLoopbackHost(host)) return ok(name, `${mode}; bound to ${host}, this machine only`)
  return {
    name,
    level: 'warn',
    detail: `${mode}; bound to ${host}, so other machines reach it and the token crosses the network unencrypted`,
    fix: 'Bind it to 127.0.0.1 (the host setting), or put a TLS proxy in front',
  }
}

const MB = 1024 * 1024

export function checkDiskSpace(path: string, freeBytes: number): Check {
  const free = `${Math.round(freeBytes / MB).toLocaleString('en-US')} MB free on the disk of ${path}`
  if (freeBytes < 100 * MB) {
    return {
      name: 'disk',
      level: 'fail',
      detail: free,
      fix: 'Free some disk space; imports stop when it is full',
    }
  }
  if (freeBytes < 1024 * MB) {
    return { name: 'disk', level: 'warn', detail: free, fix: 'Free some disk space soon' }
  }
  return ok('disk', free)
}

export type PortHolder = 'free' | 'ours' | 'other'

export function checkPort(service: string, flag: string, port: number, holder: PortHolder): Check {
  const name = `${service} port`
  if (holder === 'free') return ok(name, `${port} is free`)
  if (holder === 'ours') return ok(name, `${port} is served by our ${service}`)
  return {
    name,
    level: 'warn',
    detail: `${port} is taken by another program; \`run\` would use the next free port`,
    fix: `Stop the other program or choose another port with \`${flag}\``,
  }
}
