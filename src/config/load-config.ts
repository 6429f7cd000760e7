// The one place that reads the environment and config.toml. Precedence: flag, environment,
// config file, default. Everything downstream gets a validated, typed Config.

import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isKnownTimeZone, isUtcZone } from '../model/time-zones.ts'
import { type ClickHouseTarget, hidePassword, isClickHouseUrl, parseClickHouseUrl } from './clickhouse-url.ts'
import { ConfigError } from './config-error.ts'
import {
  defaultMemoryLimits,
  formatMemoryLimits,
  type MemoryLimits,
  parseMemoryLimits,
} from './memory-limits.ts'
import { Secret } from './secret.ts'
import { type SettingName, settingSpecs } from './settings.ts'

export const settingSources = ['flag', 'env', 'config', 'default'] as const
export type SettingSource = (typeof settingSources)[number]

export interface Config {
  home: string
  dataDir: string
  runDir: string
  logsDir: string
  configFile: string
  databasePath: string
  claudeDirs: string[]
  timezone: string
  /** `sqlite`, or the ClickHouse URL with its password hidden (safe to print). */
  /** `sqlite`, or the clickhouse:// URL with its password hidden (for display). */
  store: string
  /** The store setting as given, password included: passed to services in their environment only. */
  storeUrl: Secret
  /** Set when `store` is a clickhouse:// URL. */
  clickhouse: ClickHouseTarget | null
  /** What to open when the ClickHouse store cannot be reached at start. @default 'none' (fail) */
  storeFallback: StoreFallback
  host: string
  dashboardPort: number
  collectorPort: number
  /** Bearer token required on the collector's /v1/* routes; null when none is configured. */
  collectorToken: Secret | null
  /** OTLP/gRPC port; null when gRPC is off (the default). */
  collectorGrpcPort: number | null
  storePrompts: boolean
  telemetryRetentionDays: number
  /** MB per service; null is no limit. */
  memoryLimits: MemoryLimits
  sources: Record<SettingName, SettingSource>
}

export const storeFallbacks = ['none', 'sqlite'] as const
export type StoreFallback = (typeof storeFallbacks)[number]

export type ConfigFlags = Partial<Record<SettingName, string | undefined>>

type Env = Record<string, string | undefined>

/** Only when HOME is unset: loading node:os cost every command a millisecond. */
const homedir = () => (require('node:os') as typeof import('node:os')).homedir()

export function loadConfig(flags: ConfigFlags = {}, env: Env = process.env): Config {
  // Node's os.homedir() is $HOME when set, else the password database's entry.
  const userHome = env.HOME || homedir()
  const home = resolve(env.CONTEXT_CLEANER_HOME || join(userHome, '.context-cleaner'))
  const configFile = join(home, 'config.toml')
  const file = readConfigFile(configFile)
  const sources = {} as Record<SettingName, SettingSource>

  const pick = (name: SettingName, fallback: string | (() => string)): string => {
    const spec = settingSpecs[name]
    const flag = flags[name]
    if (flag !== undefined && flag !== '') return note(name, 'flag', flag)
    const fromEnv = env[spec.env]
    if (fromEnv !== undefined && fromEnv !== '') return note(name, 'env', fromEnv)
    const fromFile = file[spec.toml]
    if (fromFile !== undefined) return note(name, 'config', tomlText(fromFile, spec.toml, configFile))
    return note(name, 'default', typeof fallback === 'string' ? fallback : fallback())
  }
  const note = (name: SettingName, source: SettingSource, value: string) => {
    sources[name] = source
    return value
  }

  const claudeDirs = pick(
    'claudeDirs',
    [join(userHome, '.claude'), join(userHome, '.config', 'claude')].join(','),
  )
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.length > 0)
    .map((d) => resolve(d))
  const timezone = validTimezone(pick('timezone', () => systemTimezone(env)))
  const storeSetting = pick('store', 'sqlite')
  const clickhouse = isClickHouseUrl(storeSetting) ? parseClickHouseUrl(storeSetting) : null
  if (storeSetting !== 'sqlite' && !clickhouse) {
    throw new ConfigError(
      'invalid-setting',
      `Expected \`--store\` to be sqlite or clickhouse://user:password@host:8123/database, got \`${hidePassword(storeSetting)}\``,
    )
  }
  const store = clickhouse ? hidePassword(storeSetting) : 'sqlite'
  const dataDir = join(home, 'data')
  return {
    home,
    dataDir,
    runDir: join(home, 'run'),
    logsDir: join(home, 'logs'),
    configFile,
    databasePath: join(dataDir, 'context-cleaner.db'),
    claudeDirs,
    timezone,
    store,
    storeUrl: new Secret(clickhouse ? storeSetting : 'sqlite'),
    clickhouse,
    storeFallback: validFallback(pick('storeFallback', 'none')),
    host: pick('host', '127.0.0.1'),
    dashboardPort: validPort('--port', pick('dashboardPort', '8110')),
    collectorPort: validPort('--collector-port', pick('collectorPort', '4318')),
    collectorToken: validToken(pick('collectorToken', '')),
    collectorGrpcPort: optionalPort('--grpc-port', pick('collectorGrpcPort', 'off')),
    storePrompts: validBoolean('store_prompts', pick('storePrompts', 'false')),
    telemetryRetentionDays: validDays('telemetry_retention_days', pick('telemetryRetentionDays', '30')),
    memoryLimits: parseMemoryLimits(pick('memoryLimits', formatMemoryLimits(defaultMemoryLimits))),
    sources,
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {}
  try {
    const parsed: unknown = Bun.TOML.parse(readFileSync(path, 'utf8'))
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError('invalid-config-file', `Cannot read ${path}: ${reason}`)
  }
}

function tomlText(value: unknown, key: string, file: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value)
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',')
  throw new ConfigError(
    'invalid-config-file',
    `Expected \`${key}\` in ${file} to be a string, number or boolean`,
  )
}

export function validPort(flag: string, value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) {
    throw new ConfigError('invalid-setting', `Expected \`${flag}\` to be 1-65535, got \`${value}\``)
  }
  return n
}

function optionalPort(flag: string, value: string): number | null {
  return /^(off|false|no|none)$/i.test(value) ? null : validPort(flag, value)
}

function validFallback(value: string): StoreFallback {
  const fallback = storeFallbacks.find((f) => f === value)
  if (fallback) return fallback
  throw new ConfigError(
    'invalid-setting',
    `Expected \`--store-fallback\` to be none or sqlite, got \`${value}\``,
  )
}

function validBoolean(name: string, value: string): boolean {
  if (/^(true|1|yes|on)$/i.test(value)) return true
  if (/^(false|0|no|off)$/i.test(value)) return false
  throw new ConfigError('invalid-setting', `Expected \`${name}\` to be true or false, got \`${value}\``)
}

/** RFC 6750's token syntax, which also survives OTEL_EXPORTER_OTLP_HEADERS (no `,`, `;`, `%` or spaces). */
const TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]+=*$/
const MIN_TOKEN_LENGTH = 16

// The message never repeats the value: a token is a secret even when it is a bad one.
function validToken(value: string): Secret | null {
  if (value === '') return null
  if (value.length >= MIN_TOKEN_LENGTH && TOKEN_SYNTAX.test(value)) return new Secret(value)
  const got = TOKEN_SYNTAX.test(value) ? `${value.length} characters` : 'other characters'
  throw new ConfigError(
    'invalid-setting',
    `Expected the collector token to be at least ${MIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 - . _ ~ + / (try \`openssl rand -hex 32\`), got ${got}`,
  )
}

function validDays(name: string, value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 36500) {
    throw new ConfigError('invalid-setting', `Expected \`${name}\` to be 1-36500 days, got \`${value}\``)
  }
  return n
}

/** The machine's zone. A UTC `TZ` is taken as is: asking Intl loads ICU's zone data (see calendar.ts). */
export function systemTimezone(env: Env): string {
  const tz = env.TZ?.replace(/^:/, '')
  if (tz !== undefined && isUtcZone(tz)) return tz
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

export function validTimezone(value: string): string {
  if (isKnownTimeZone(value)) return value
  throw new ConfigError(
    'invalid-setting',
    `Expected \`--timezone\` to be an IANA time zone, got \`${value}\``,
  )
}
