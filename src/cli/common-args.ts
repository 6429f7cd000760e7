// Flags shared by several commands, and turning them into a Config.

import { type Config, type ConfigFlags, loadConfig } from '../config/load-config.ts'

export const configArgs = {
  'claude-dir': {
    type: 'string',
    description:
      'Claude Code data directory (comma-separated for several); default $CLAUDE_CONFIG_DIR, ~/.claude',
    valueHint: 'DIR',
  },
  timezone: {
    type: 'string',
    description: 'Time zone for dates (IANA name); default the system zone',
    valueHint: 'TZ',
  },
  store: {
    type: 'string',
    description: 'Where records are kept: sqlite (default) or clickhouse://user:password@host:8123/database',
    valueHint: 'STORE',
  },
  'store-fallback': {
    type: 'string',
    description:
      'When a ClickHouse store cannot be reached at start: none (fail, default) or sqlite (embedded store, with a warning)',
    valueHint: 'none|sqlite',
  },
} as const

export const jsonArg = {
  json: {
    type: 'boolean',
    description: 'Print JSON (stable field names) instead of a table',
    default: false,
  },
} as const

export function configFrom(args: {
  'claude-dir'?: string | undefined
  timezone?: string | undefined
  store?: string | undefined
  'store-fallback'?: string | undefined
}): Config {
  const flags: ConfigFlags = {
    claudeDirs: args['claude-dir'],
    timezone: args.timezone,
    store: args.store,
    storeFallback: args['store-fallback'],
  }
  return loadConfig(flags)
}
