// Every setting, where it can come from, and how it is validated: the one table the config loader,
// `context-cleaner config` and the README are built from.

export const settingNames = [
  'claudeDirs',
  'timezone',
  'store',
  'storeFallback',
  'host',
  'dashboardPort',
  'collectorPort',
  'collectorToken',
  'collectorGrpcPort',
  'storePrompts',
  'telemetryRetentionDays',
  'memoryLimits',
] as const
export type SettingName = (typeof settingNames)[number]

export interface SettingSpec {
  env: string
  /** Key in config.toml. */
  toml: string
  description: string
}

export const settingSpecs = {
  claudeDirs: {
    env: 'CLAUDE_CONFIG_DIR',
    toml: 'claude_dirs',
    description: 'Claude Code data directories (comma-separated); default ~/.claude and ~/.config/claude',
  },
  timezone: {
    env: 'CONTEXT_CLEANER_TIMEZONE',
    toml: 'timezone',
    description: 'IANA time zone for dates in reports; default the system zone',
  },
  store: {
    env: 'CONTEXT_CLEANER_STORE',
    toml: 'store',
    description:
      'Where records are kept: sqlite (embedded, default) or clickhouse://user:password@host:8123/database',
  },
  storeFallback: {
    env: 'CONTEXT_CLEANER_STORE_FALLBACK',
    toml: 'store_fallback',
    description:
      'When a ClickHouse store cannot be reached at start: none (fail, default) or sqlite (use the embedded store, with a warning)',
  },
  host: {
    env: 'CONTEXT_CLEANER_HOST',
    toml: 'host',
    description: 'Address the dashboard and collector bind to',
  },
  dashboardPort: { env: 'CONTEXT_CLEANER_PORT', toml: 'port', description: 'Dashboard port' },
  collectorPort: {
    env: 'CONTEXT_CLEANER_COLLECTOR_PORT',
    toml: 'collector_port',
    description: 'OTLP/HTTP collector port',
  },
  collectorToken: {
    env: 'CONTEXT_CLEANER_COLLECTOR_TOKEN',
    toml: 'collector_token',
    description:
      'Bearer token the collector requires on /v1/* (16+ characters of A-Z a-z 0-9 - . _ ~ + /); default none on loopback, and beyond it one the collector makes in run/collector-token',
  },
  collectorGrpcPort: {
    env: 'CONTEXT_CLEANER_COLLECTOR_GRPC_PORT',
    toml: 'collector_grpc_port',
    description: 'OTLP/gRPC collector port (4317 by convention); default off',
  },
  storePrompts: {
    env: 'CONTEXT_CLEANER_STORE_PROMPTS',
    toml: 'store_prompts',
    description:
      'Keep prompt text Claude Code sends (only with OTEL_LOG_USER_PROMPTS=1 there); default false',
  },
  telemetryRetentionDays: {
    env: 'CONTEXT_CLEANER_TELEMETRY_RETENTION_DAYS',
    toml: 'telemetry_retention_days',
    description: 'Days raw OTLP logs and metric points are kept; default 30',
  },
  memoryLimits: {
    env: 'CONTEXT_CLEANER_MEMORY_LIMIT',
    toml: 'memory_limit',
    description:
      'Memory limit per service in MB, above which the supervisor restarts it: <service>=<MB|off>, comma-separated, or off; default ingest=384,collector=512,dashboard=384',
  },
} as const satisfies Record<SettingName, SettingSpec>
