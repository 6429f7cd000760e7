import { defineCommand } from 'citty'
import { loadConfig, validPort } from '../config/load-config.ts'
import { readyLine, type ServeOptions, type StartService } from '../services/service.ts'
import { type ServiceName, serviceNames } from '../services/service-names.ts'
import { whenSupervisorGone } from '../services/supervised.ts'
import { UsageError } from './cli-error.ts'
import { configArgs } from './common-args.ts'
import { logger, writeStdout } from './output.ts'

// Loaded on demand so that `serve ingest` does not pay for the web stack.
const starters: Record<ServiceName, () => Promise<StartService>> = {
  ingest: async () => (await import('../ingest/ingest-service.ts')).startIngestService,
  collector: async () => (await import('../otlp/collector-service.ts')).startCollectorService,
  dashboard: async () => (await import('../web/dashboard-service.ts')).startDashboardService,
}

export const serveCommand = defineCommand({
  meta: {
    name: 'serve',
    description: `Run one service in the foreground (${serviceNames.join(', ')}); what the supervisor spawns`,
  },
  args: {
    service: { type: 'positional', description: `Service: ${serviceNames.join(', ')}`, required: true },
    ...configArgs,
    host: { type: 'string', description: 'Address to bind (default 127.0.0.1)' },
    port: { type: 'string', description: "Port to listen on (default: the service's configured port)" },
    token: {
      type: 'string',
      description:
        'collector: require `Authorization: Bearer <token>` on /v1/* (default $CONTEXT_CLEANER_COLLECTOR_TOKEN, collector_token; beyond loopback, one made in run/collector-token)',
      valueHint: 'TOKEN',
    },
    'grpc-port': {
      type: 'string',
      description:
        'collector: also take OTLP/gRPC on this port, e.g. 4317 (default $CONTEXT_CLEANER_COLLECTOR_GRPC_PORT, collector_grpc_port; off)',
      valueHint: 'PORT',
    },
  },
  run: async ({ args }) => {
    const name = serviceNames.find((s) => s === args.service)
    if (!name)
      throw new UsageError(`Expected a service (${serviceNames.join(', ')}), got \`${args.service}\``)
    for (const flag of ['token', 'grpc-port'] as const)
      if (args[flag] !== undefined && name !== 'collector')
        throw new UsageError(`\`--${flag}\` is for the collector, not the ${name}`)
    const config = loadConfig({
      claudeDirs: args['claude-dir'],
      timezone: args.timezone,
      store: args.store,
      collectorToken: args.token,
      collectorGrpcPort: args['grpc-port'],
    })
    const options: ServeOptions = {}
    if (args.host) options.host = args.host
    if (args.port !== undefined) options.port = args.port === '0' ? 0 : validPort('--port', args.port)
    const start = await await starters[name]()
    const service = await start(config, options)
    const log = logger(name)
    await writeStdout(readyLine(name, service.port))
    log.info(`${name} ready on port ${service.port}`)
    const why = await new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('stopping'))
      process.once('SIGINT', () => resolve('stopping'))
      // Unsupervised, nothing would restart or stop it: a killed supervisor must not leave it behind.
      whenSupervisorGone(() => resolve('stopping: its supervisor is gone'))
    })
    log.info(`${name} ${why}`)
    await service.stop()
    process.exit(0)
  },
})
