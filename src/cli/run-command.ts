import { defineCommand } from 'citty'
import packageJson from '../../package.json' with { type: 'json' }
import { type Config, loadConfig } from '../config/load-config.ts'
import { internalEntryCommand } from '../runtime/entry-points.ts'
import { readAccessToken } from '../supervisor/access-tokens.ts'
import { preflight, spawnDaemon, waitForSupervisor } from '../supervisor/daemon.ts'
import { readClaudeSettings } from '../supervisor/doctor.ts'
import { checkTelemetry } from '../supervisor/doctor-checks.ts'
import { superviseInForeground } from '../supervisor/foreground.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import type { ProcessStatus } from '../supervisor/protocol.ts'
import { offlineStatus } from '../supervisor/query-status.ts'
import { settingsEnv } from '../supervisor/service-specs.ts'
import { callSupervisor, pingSupervisor } from '../supervisor/socket-client.ts'
import { summarizeStart } from '../supervisor/start-summary.ts'
import { SupervisorError } from '../supervisor/supervisor-error.ts'
import { configArgs } from './common-args.ts'
import { logger, writeStdout } from './output.ts'
import { repeatedFlag } from './repeated-flag.ts'

const log = logger('run')

export const runCommand = defineCommand({
  meta: {
    name: 'run',
    description:
      'Start the importer, collector and dashboard under a background supervisor; print the dashboard URL (with its access token) and open it',
  },
  args: {
    ...configArgs,
    port: { type: 'string', description: 'Dashboard port (default 8110; the next free one if taken)' },
    'collector-port': {
      type: 'string',
      description: 'OTLP collector port (default 4318; the next free one if taken)',
    },
    'collector-token': {
      type: 'string',
      description:
        'Bearer token the collector requires (default $CONTEXT_CLEANER_COLLECTOR_TOKEN, collector_token; beyond loopback, one made in run/collector-token)',
      valueHint: 'TOKEN',
    },
    'memory-limit': {
      type: 'string',
      description:
        'Restart a service that stays above this many MB, e.g. collector=512 or dashboard=off; repeatable (default $CONTEXT_CLEANER_MEMORY_LIMIT, memory_limit; ingest=384,collector=512,dashboard=384)',
      valueHint: 'SERVICE=MB',
    },
    browser: {
      type: 'boolean',
      default: true,
      description: 'Open the dashboard in a browser (only from a terminal, never in CI)',
      negativeDescription: 'Do not open a browser',
    },
    foreground: {
      type: 'boolean',
      default: false,
      description: 'Run the supervisor in this process instead of in the background',
    },
    docker: {
      type: 'boolean',
      default: false,
      description: 'Also start the services in compose/ with Docker',
    },
  },
  run: async ({ args, rawArgs }) => {
    const config = loadConfig({
      claudeDirs: args['claude-dir'],
      timezone: args.timezone,
      dashboardPort: args.port,
      collectorPort: args['collector-port'],
      collectorToken: args['collector-token'],
      memoryLimits: repeatedFlag(rawArgs, 'memory-limit'),
    })
    const paths = supervisorPaths(config)
    preflight(config, paths)
    if (args.docker) await docker(config.home)

    if (args.foreground) return foreground(config)

    const running = await pingSupervisor(paths.socket)
    if (running) {
      log.info(`Context Cleaner is already running (supervisor pid ${running.pid})`)
      const status = await callSupervisor(paths.socket, 'status', {})
      // It may have been started with other ports; what it uses now is what counts.
      return report(status.services, config, args.browser, false)
    }
    const supervisor = offlineStatus(paths)[0]
    if (supervisor?.state === 'hung') {
      throw new SupervisorError(
        'already-running',
        `A supervisor (pid ${supervisor.pid}) is alive but has stopped answering; \`context-cleaner stop\` cleans it up`,
      )
    }
    const daemon = spawnDaemon(paths, internalEntryCommand('supervisor'), {
      ...process.env,
      ...settingsEnv(config),
    })
    log.info(`starting the supervisor (log: ${paths.supervisorLog})`)
    const status = await waitForSupervisor(paths, daemon, 60_000)
    await report(status.services, config, args.browser, true)
  },
})

async function foreground(config: Config): Promise<void> {
  await superviseInForeground({
    config,
    version: packageJson.version,
    log: logger('supervisor'),
    reload: () => loadConfig(),
    onStarted: (services) => report(services, config, false, true),
  })
  process.exit(process.exitCode ?? 0)
}

async function report(services: ProcessStatus[], config: Config, browser: boolean, fresh: boolean) {
  const expected = fresh ? { dashboard: config.dashboardPort, collector: config.collectorPort } : {}
  const summary = summarizeStart(services, config.host, expected, readAccessToken(config.runDir, 'dashboard'))
  for (const line of summary.lines) log[line.level](line.text)
  if (summary.failed) process.exitCode = 1
  warnIfTelemetryElsewhere(services, config)
  if (!summary.url) {
    log.info('No dashboard is running; `context-cleaner status` shows what is')
    return
  }
  await writeStdout(summary.url)
  // Only a person at a terminal wants a browser; never CI, pipes or the daemon itself.
  if (browser && process.stdout.isTTY && !process.env.CI) {
    const { execa } = await import('execa')
    const opener = process.platform === 'darwin' ? 'open' : 'xdg-open'
    await execa(opener, [summary.url], { reject: false, stdio: 'ignore', detached: true, timeout: 5000 })
  }
}

/** Claude Code's settings name another port than the collector got (moved off a taken one): say so. */
function warnIfTelemetryElsewhere(services: ProcessStatus[], config: Config): void {
  const collector = services.find((s) => s.name === 'collector' && s.state === 'running')
  if (collector?.port == null) return
  const settings = config.claudeDirs.map(readClaudeSettings)
  if (!settings.some((s) => s.env?.CLAUDE_CODE_ENABLE_TELEMETRY !== undefined)) return
  const check = checkTelemetry(settings, collector.port, {
    token: config.collectorToken?.reveal() ?? null,
    grpcPort: config.collectorGrpcPort,
  })
  if (check.level !== 'ok') log.warn(`Claude Code's telemetry: ${check.detail}. ${check.fix ?? ''}`.trim())
}

async function docker(dataDir: string): Promise<void> {
  // execa is slow to load; only --docker needs it.
  const { startDockerServices } = await import('../supervisor/docker.ts')
  const outcome = await startDockerServices(dataDir)
  switch (outcome.kind) {
    case 'unavailable':
      log.warn(`Docker is unavailable (${outcome.reason}); carrying on with the embedded sqlite store`)
      return
    case 'compose-failed':
      log.warn(`docker compose failed (${outcome.reason}); carrying on with the embedded sqlite store`)
      return
    case 'started':
      log.info(`Started the Docker services in ${outcome.file}`)
      return
    default:
      outcome satisfies never
  }
}
