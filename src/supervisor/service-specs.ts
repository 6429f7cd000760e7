// What the supervisor runs: a list of service specs, data rather than code, so tests can substitute
// fake programs and the real run picks up every service in `serviceNames` once it exists.

import type { Config } from '../config/load-config.ts'
import { formatMemoryLimits } from '../config/memory-limits.ts'
import { cliCommand } from '../runtime/entry-points.ts'
import { type ServiceName, serviceNames } from '../services/service-names.ts'

export interface ServiceSpec {
  name: ServiceName
  /** Program and arguments; the supervisor appends `--port <port>`. */
  argv: string[]
  /** Preferred port; 0 lets the service choose one (its ready line says which). */
  port: number
  /** Added to the supervisor's own environment. */
  env: Record<string, string>
  /**
   * Further ports the service binds, each handed over in the environment variable named here and
   * chosen like `port`: the preferred one when free, else the next free one.
   */
  envPorts?: Record<string, number>
  /** Services (earlier in the list) that must be up before this one starts; the rest start in parallel. */
  dependsOn: ServiceName[]
  /** Restarted when its resident memory stays above this; also the basis of its hard ceiling. */
  memoryLimitBytes: number | null
}

/**
 * The real services, in start order, each started as `context-cleaner serve <name>` by this same
 * program (`bun src/cli/main.ts` from source, the executable itself when built).
 */
export function defaultServiceSpecs(
  config: Config,
  command: (args: string[]) => string[] = cliCommand,
): ServiceSpec[] {
  const env = settingsEnv(config)
  const ports = {
    ingest: 0,
    collector: config.collectorPort,
    dashboard: config.dashboardPort,
  } satisfies Record<ServiceName, number>
  // Ingest creates and migrates the store; the others open it, so they wait for it (not for each other).
  const dependsOn = {
    ingest: [],
    collector: ['ingest'],
    dashboard: ['ingest'],
  } satisfies Record<ServiceName, ServiceName[]>
  const grpc = config.collectorGrpcPort
  return serviceNames.map((name) => ({
    name,
    argv: command(['serve', name]),
    port: ports[name],
    env,
    ...(name === 'collector' && grpc !== null
      ? { envPorts: { CONTEXT_CLEANER_COLLECTOR_GRPC_PORT: grpc } }
      : {}),
    dependsOn: dependsOn[name],
    memoryLimitBytes: megabytes(config.memoryLimits[name]),
  }))
}

function megabytes(mb: number | null): number | null {
  return mb === null ? null : mb * 2 ** 20
}

/**
 * The settings `run` resolved (flags included) as environment variables, so that the supervisor and
 * the services it spawns see the same configuration.
 */
export function settingsEnv(config: Config): Record<string, string> {
  return {
    CONTEXT_CLEANER_HOME: config.home,
    CLAUDE_CONFIG_DIR: config.claudeDirs.join(','),
    CONTEXT_CLEANER_TIMEZONE: config.timezone,
    CONTEXT_CLEANER_HOST: config.host,
    CONTEXT_CLEANER_PORT: String(config.dashboardPort),
    CONTEXT_CLEANER_COLLECTOR_PORT: String(config.collectorPort),
    // The store URL may hold a password: environment only, as the token below.
    CONTEXT_CLEANER_STORE: config.storeUrl.reveal(),
    CONTEXT_CLEANER_STORE_FALLBACK: config.storeFallback,
    CONTEXT_CLEANER_MEMORY_LIMIT: formatMemoryLimits(config.memoryLimits),
    // In the environment, never on a command line, which `ps` and the registry show to anyone.
    ...(config.collectorToken === null
      ? {}
      : { CONTEXT_CLEANER_COLLECTOR_TOKEN: config.collectorToken.reveal() }),
    ...(config.collectorGrpcPort === null
      ? {}
      : { CONTEXT_CLEANER_COLLECTOR_GRPC_PORT: String(config.collectorGrpcPort) }),
  }
}

/** The full command line of one spawn. */
export function commandFor(spec: ServiceSpec, port: number): string[] {
  return [...spec.argv, '--port', String(port)]
}

// `serve` reports a service missing from this build with this phrase (src/cli/serve-command.ts);
// such a service is skipped and shown as such, never restarted and never faked.
const unavailablePhrase = /not available in this build/i

/** The "not available" message from a service's stderr, or null if it failed for another reason. */
export function unavailableReason(stderr: string): string | null {
  const line = stderr.split('\n').find((l) => unavailablePhrase.test(l))
  if (line === undefined) return null
  // consola prefixes errors with a badge ("Error:", "[error]", "✖"); keep the sentence.
  return line.replace(/^[^A-Za-z[]*(\[error\]|error:?)?\s*/i, '').trim()
}
