// `setup claude`: point Claude Code's telemetry at our collector (this machine's or a team's, with
// its bearer token) through the `env` block of its settings.json (backed up once, idempotent,
// undoable), or print the shell exports instead.

import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from 'citty'
import { type Config, loadConfig } from '../config/load-config.ts'
import {
  applyTelemetryEnv,
  envDiff,
  shellExports,
  telemetryEnv,
  undoTelemetryEnv,
} from '../otlp/claude-telemetry-settings.ts'
import { isLoopbackHost } from '../otlp/collector-auth.ts'
import { readAccessToken } from '../supervisor/access-tokens.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import { runningPort } from '../supervisor/query-status.ts'
import { UsageError } from './cli-error.ts'
import { configArgs } from './common-args.ts'
import { logger, writeStdout } from './output.ts'
import { readSettings, statOrNull, writeSettings } from './settings-file.ts'

const log = logger('setup')

const claude = defineCommand({
  meta: { name: 'claude', description: "Send Claude Code's telemetry to the Context Cleaner collector" },
  args: {
    ...configArgs,
    'dry-run': { type: 'boolean', description: 'Show what would change; write nothing', default: false },
    undo: {
      type: 'boolean',
      description: 'Restore the telemetry settings from before setup',
      default: false,
    },
    print: {
      type: 'boolean',
      description: 'Print shell exports instead of changing settings.json',
      default: false,
    },
    endpoint: {
      type: 'string',
      description:
        "Collector base URL, this machine's or a team's (default http://127.0.0.1:<port of the running collector, else the configured one>)",
      valueHint: 'URL',
    },
    token: {
      type: 'string',
      description:
        "The collector's bearer token, sent as OTEL_EXPORTER_OTLP_HEADERS (default the configured collector token)",
      valueHint: 'TOKEN',
    },
    statusline: {
      type: 'boolean',
      description:
        "Set Claude Code's statusLine to `context-cleaner statusline` instead (an existing one is kept unless --force; --undo restores the file)",
      default: false,
    },
    force: {
      type: 'boolean',
      description: 'With --statusline: replace an existing statusLine',
      default: false,
    },
  },
  run: async ({ args }) => {
    if (args.statusline) {
      const dir = loadConfig({ claudeDirs: args['claude-dir'] }).claudeDirs[0]
      if (dir === undefined) throw new UsageError('No Claude Code directory is configured (`--claude-dir`)')
      const { setupStatusline } = await import('./setup-statusline.ts')
      return setupStatusline({ claudeDir: dir, undo: args.undo, force: args.force, dryRun: args['dry-run'] })
    }
    // The token goes through the config loader: the same rules as the collector's, and the
    // configured one (CONTEXT_CLEANER_COLLECTOR_TOKEN, collector_token) when there is no flag.
    const config = loadConfig({
      claudeDirs: args['claude-dir'],
      timezone: args.timezone,
      store: args.store,
      collectorToken: args.token,
    })
    const endpoint = endpointOf(args.endpoint, config, await collectorPort(config))
    // This machine's collector bound beyond loopback made a token of its own when none is configured.
    const token =
      config.collectorToken?.reveal() ??
      (args.endpoint === undefined ? readAccessToken(config.runDir, 'collector') : null)
    if (
      token !== null &&
      new URL(endpoint).protocol === 'http:' &&
      !isLoopbackHost(new URL(endpoint).hostname)
    )
      log.warn(
        `The token goes to ${endpoint} unencrypted; prefer an https:// endpoint (a TLS proxy in front)`,
      )
    const env = telemetryEnv(endpoint, token)
    if (args.print) return writeStdout(shellExports(env))

    const dir = config.claudeDirs[0]
    if (dir === undefined) throw new UsageError('No Claude Code directory is configured (`--claude-dir`)')
    const path = join(dir, 'settings.json')
    const backupPath = `${path}.context-cleaner-backup`
    const current = readSettings(path)
    const backup = existsSync(backupPath) ? readSettings(backupPath) : null
    const next = args.undo ? undoTelemetryEnv(current, backup) : applyTelemetryEnv(current, env)
    const diff = envDiff(current, next)
    await writeStdout(diff.length > 0 ? diff.join('\n') : `No change to ${path}`)
    if (args['dry-run']) return

    // settings.json can hold secrets (env.ANTHROPIC_API_KEY): the backup gets its mode and owner.
    const original = statOrNull(path)
    if (args.undo) {
      if (diff.length > 0) writeSettings(path, next, original)
      if (backup !== null) rmSync(backupPath)
      log.info(diff.length > 0 ? `Restored the telemetry settings in ${path}` : 'Nothing to undo')
      return
    }
    if (diff.length === 0) return
    // The first setup keeps the original; later runs must not overwrite it with our own settings.
    if (backup === null) writeSettings(backupPath, current, original)
    writeSettings(path, next, original)
    log.info(`Updated ${path} (backup at ${backupPath}); restart Claude Code to apply`)
  },
})

export const setupCommandGroup = defineCommand({
  meta: { name: 'setup', description: 'Connect other tools to Context Cleaner' },
  subCommands: { claude },
})

/** The running collector's port (`run` moves it off a taken one), else the configured one. */
async function collectorPort(config: Config): Promise<number> {
  const running = await runningPort(supervisorPaths(config), 'collector')
  if (running !== undefined && running !== config.collectorPort)
    log.info(`The collector runs on port ${running} (not ${config.collectorPort}); using ${running}`)
  return running ?? config.collectorPort
}

function endpointOf(flag: string | undefined, config: Config, port: number): string {
  if (flag === undefined || flag === '') {
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  }
  let url: URL
  try {
    url = new URL(flag)
  } catch {
    throw new UsageError(`Expected \`--endpoint\` to be an http(s) URL, got \`${flag}\``)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`Expected \`--endpoint\` to be an http(s) URL, got \`${flag}\``)
  // Claude Code appends /v1/logs and /v1/metrics itself; a signal path here would double it.
  if (/\/v1\/(logs|metrics|traces)\/*$/.test(url.pathname))
    throw new UsageError(
      `Expected \`--endpoint\` to be the collector's base URL (without ${url.pathname}), got \`${flag}\``,
    )
  return flag.replace(/\/+$/, '')
}
