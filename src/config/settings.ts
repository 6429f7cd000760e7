// Every setting, where it can come from, and how it is validated: the one table the config loader,
// `context-cleaner config` and the README are built from.

export const settingNames = [
  'claudeDirs',
  'timezone',
  'store',
  'host',
  'dashboardPort',
  'collectorPort',
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
    description: 'Where records are kept: sqlite (embedded, default)',
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
} as const satisfies Record<SettingName, SettingSpec>
