// The collector service: the OTLP/HTTP app listening on its port (and OTLP/gRPC on another when
// configured), a group-commit writer in front of the store, and an hourly prune of raw telemetry past
// the retention period.

import type { Config } from '../config/load-config.ts'
import { logger } from '../log.ts'
import type { RunningService, ServeOptions } from '../services/service.ts'
import { keepStoreFresh } from '../store/keep-store-fresh.ts'
import { openStore } from '../store/open-store.ts'
import { accessTokenPath, ensureAccessToken } from '../supervisor/access-tokens.ts'
import { createBatchWriter } from './batch-writer.ts'
import { createCollectorApp } from './collector-app.ts'
import { requiredCollectorToken } from './collector-auth.ts'
import { startDecodeWorkers } from './decode-workers.ts'
import {
  type CollectorDeps,
  type CollectorLimits,
  createExportPipeline,
  defaultCollectorLimits,
} from './export-pipeline.ts'
import type { GrpcCollector } from './grpc-collector.ts'

// To stderr: stdout carries the ready line the supervisor waits for.
const log = logger('collector')
const PRUNE_EVERY_MS = 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
/** Seconds of silence after which Bun closes a connection (a client that stopped sending). */
const IDLE_TIMEOUT_S = 30
const STOP_GRACE_MS = 5000

export interface CollectorServiceOptions extends ServeOptions {
  limits?: Partial<CollectorLimits>
  maxPendingRecords?: number
  /** Threads decoding bodies beside the one serving HTTP and writing. @default cores - 1, at most 3 */
  decodeWorkers?: number
}

export async function startCollectorService(
  config: Config,
  options: CollectorServiceOptions,
): Promise<RunningService> {
  const hostname = options.host ?? config.host
  const token = requiredCollectorToken(hostname, config.collectorToken?.reveal() ?? null, () => {
    const made = ensureAccessToken(config.runDir, 'collector')
    log.warn(
      `the collector listens on ${hostname}: OTLP requests need the bearer token in ${accessTokenPath(config.runDir, 'collector')} (or set CONTEXT_CLEANER_COLLECTOR_TOKEN); \`setup claude --token\` gives it to a client`,
    )
    return made
  })
  const store = openStore(config, { pageCacheMb: 32 })
  const writer = createBatchWriter({
    write: (batch) => store.ingestTelemetry(batch),
    ...(options.maxPendingRecords === undefined ? {} : { maxPendingRecords: options.maxPendingRecords }),
  })
  const workers = startDecodeWorkers(
    options.decodeWorkers ?? Math.min(3, Math.max(1, navigator.hardwareConcurrency - 1)),
  )
  const deps: CollectorDeps = {
    decode: workers.decode,
    submit: writer.submit,
    health: () => writer.stats(),
    storePrompts: config.storePrompts,
    ...(token === null ? {} : { token }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  }
  // One pipeline for both transports: the same limits, in-flight budget and counts.
  const pipeline = createExportPipeline(deps)
  const app = createCollectorApp(deps, pipeline)

  const prune = async () => {
    try {
      const removed = await store.pruneTelemetry(Date.now() - config.telemetryRetentionDays * DAY_MS)
      if (removed > 0)
        log.info(`pruned ${removed} raw telemetry records past ${config.telemetryRetentionDays} days`)
    } catch (error) {
      log.warn(`pruning raw telemetry failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  await prune()
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS)
  const stopUpkeep = keepStoreFresh(store, (message) => log.warn(`store upkeep failed: ${message}`))

  const maxBodyBytes = options.limits?.maxBodyBytes ?? defaultCollectorLimits.maxBodyBytes
  const server = Bun.serve({
    hostname,
    port: options.port ?? config.collectorPort,
    // Bun answers 413 itself past this; the app checks the same limit for bodies without a length.
    maxRequestBodySize: maxBodyBytes,
    idleTimeout: IDLE_TIMEOUT_S,
    fetch: app.fetch,
  })
  let grpc: GrpcCollector | null = null
  const stop = async () => {
    clearInterval(pruneTimer)
    // Finish the requests in flight (their batches are queued), then store what is queued. A client
    // stalled mid-body would hold the graceful stop until the idle timeout; it is cut off instead.
    await Promise.all([
      Promise.race([server.stop(), Bun.sleep(STOP_GRACE_MS).then(() => server.stop(true))]),
      grpc?.stop(),
    ])
    workers.stop()
    await writer.drain()
    stopUpkeep()
    await store.close()
  }
  if (config.collectorGrpcPort !== null) {
    // Loaded only when asked for: grpc-js is a large module that OTLP/HTTP does not need.
    const { startGrpcCollector } = await import('./grpc-collector.ts')
    try {
      grpc = await startGrpcCollector(pipeline, hostname, config.collectorGrpcPort)
    } catch (error) {
      await stop()
      throw error
    }
    log.info(`OTLP/gRPC on port ${grpc.port}`)
  }

  return { port: server.port ?? 0, stop }
}
