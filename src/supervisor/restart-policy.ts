// How the watchdog treats a service that crashes or stops answering: how often it checks, how long it
// waits before a restart, and when it gives up. Pure data and arithmetic.

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
  /** Consecutive failures after which the service is marked failed. @default 5 */
  maxAttempts: number
  /** Healthy this long and earlier failures are forgiven. @default 30000 */
  stableAfterMs: number
  /** SIGTERM to SIGKILL on stop. @default 5000 */
  stopGraceMs: number
  /** How often the supervisor records that it is alive. @default 1000 */
  heartbeatMs: number
}

export const defaultRestartPolicy: RestartPolicy = {
  healthIntervalMs: 2000,
  healthTimeoutMs: 1000,
  healthFailuresBeforeKill: 2,
  readyTimeoutMs: 15_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  maxAttempts: 5,
  stableAfterMs: 30_000,
  stopGraceMs: 5000,
  heartbeatMs: 1000,
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
