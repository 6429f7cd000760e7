// `clickhouse://user:password@host:8123/database` to what the HTTP client needs.

import { ConfigError } from './config-error.ts'

export interface ClickHouseTarget {
  /** http(s)://host:port, without credentials. */
  url: string
  username: string
  password: string
  database: string
  /** From `?timeout=SECONDS`: how long one request may take. @default 30 s */
  requestTimeoutMs: number
}

const databaseName = /^[A-Za-z_][A-Za-z0-9_]*$/

export function isClickHouseUrl(value: string): boolean {
  return /^clickhouses?:\/\//.test(value)
}

/** `clickhouses://` means TLS (https); the port defaults to 8123 (8443 with TLS); `?timeout=` in seconds. */
export function parseClickHouseUrl(value: string): ClickHouseTarget {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw invalid(value)
  }
  const tls = parsed.protocol === 'clickhouses:'
  if (!tls && parsed.protocol !== 'clickhouse:') throw invalid(value)
  if (!parsed.hostname) throw invalid(value)
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'context_cleaner'
  // The database name is an identifier in DDL (it cannot be a query parameter), so it is restricted.
  if (!databaseName.test(database)) {
    throw new ConfigError(
      'invalid-setting',
      `Expected the ClickHouse database in \`--store\` to be letters, digits and _, got \`${database}\``,
    )
  }
  const timeout = parsed.searchParams.get('timeout') ?? '30'
  if (!/^\d+$/.test(timeout) || Number(timeout) < 1 || Number(timeout) > 86_400) {
    throw new ConfigError(
      'invalid-setting',
      `Expected \`timeout\` in \`--store\` to be 1-86400 seconds, got \`${timeout}\``,
    )
  }
  const port = parsed.port || (tls ? '8443' : '8123')
  return {
    url: `${tls ? 'https' : 'http'}://${parsed.hostname}:${port}`,
    username: decodeURIComponent(parsed.username) || 'default',
    password: decodeURIComponent(parsed.password),
    database,
    requestTimeoutMs: Number(timeout) * 1000,
  }
}

/** The store URL with its password hidden, for messages and `describe`. */
export function redactedLocation(target: ClickHouseTarget): string {
  return `${target.url}/${target.database} (user ${target.username})`
}

/** A URL-like setting with any password replaced by ***, safe to print. */
export function hidePassword(value: string): string {
  return value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

function invalid(value: string): ConfigError {
  const shown = hidePassword(value)
  return new ConfigError(
    'invalid-setting',
    `Expected \`--store\` to be sqlite or clickhouse://user:password@host:8123/database, got \`${shown}\``,
  )
}
