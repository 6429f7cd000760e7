// How the watchdog treats a service that crashes, stops answering or outgrows its memory: how often it
// checks, how long it waits before a restart, when it slows down, and what resource use it reports.
// Pure data and arithmetic.

export interface RestartPolicy {
  /** Time between health checks of a running service. @default 2000 */
  healthIntervalMs: number
  /** A health check slower than this counts as failed. @default 1000 */
  healthTimeoutMs: number
  /** Consecutive failed checks before a hung service is killed. @default 2 */
  healthFailuresBeforeKill: number
  /** Time a freshly spawned service has to print its ready line. @default 15000 */
  readyTimeoutMs: number
  /** First restart delay; doubles with each consecutive failure. @default 250 */
  backoffBaseMs: number
  /** @default 10000 */
  backoffMaxMs: number
  /** Consecutive failures after which the service is marked failed and retried only slowly. @default 5 */
  maxAttempts: number
  /**
   * Once failed, the time between further attempts. A service never gives up for good: telemetry
   * would be lost until someone noticed and restarted it by hand. @default 60000
   */
  slowRetryMs: number
  /** Healthy this long and earlier failures are forgiven. @default 30000 */
  stableAfterMs: number
  /** SIGTERM to SIGKILL on stop. @default 5000 */
  stopGraceMs: number
  /** How often the supervisor records that it is alive. @default 1000 */
  heartbeatMs: number
  /** Memory samples (one per health check) in a row above the limit before a restart. @default 2 */
  memoryChecksBeforeRestart: number
  /** CPU share of one core above which a service counts as busy. @default 90 */
  cpuWarnPercent: number
  /** Busy this long and `status` warns (nothing is done about it). @default 30000 */
  cpuWarnAfterMs: number
  /** How often the supervisor's log gets a line of every process's memory and CPU. @default 60000 */
  resourceLogMs: number
}

export const defaultRestartPolicy: RestartPolicy = {
  healthIntervalMs: 2000,
  healthTimeoutMs: 1000,
  healthFailuresBeforeKill: 2,
  readyTimeoutMs: 15_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  maxAttempts: 5,
  slowRetryMs: 60_000,
  stableAfterMs: 30_000,
  stopGraceMs: 5000,
  heartbeatMs: 1000,
  memoryChecksBeforeRestart: 2,
  cpuWarnPercent: 90,
  cpuWarnAfterMs: 30_000,
  resourceLogMs: 60_000,
}

/** Delay before restart number `attempt` (1-based): base, 2×base, 4×base… capped at max. */
export function backoffDelay(attempt: number, policy: Pick<RestartPolicy, 'backoffBaseMs' | 'backoffMaxMs'>) {
  const exponent = Math.max(0, attempt - 1)
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** exponent)
}

/** A supervisor whose heartbeat is this old is presumed dead even if its PID was reused. */
export function heartbeatStale(
  lastBeatMs: number,
  nowMs: number,
  policy: Pick<RestartPolicy, 'heartbeatMs'>,
) {
  return nowMs - lastBeatMs > policy.heartbeatMs * 5
}
