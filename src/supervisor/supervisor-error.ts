export const supervisorErrorCodes = [
  'not-running',
  'already-running',
  'insecure-socket',
  'insecure-run-dir',
  'socket-path-too-long',
  'data-dir-unwritable',
  'start-failed',
  'timeout',
  'protocol',
  'unknown-service',
  'shutting-down',
  'remote',
] as const
type SupervisorErrorCode = (typeof supervisorErrorCodes)[number]

export class SupervisorError extends Error {
  constructor(
    readonly code: SupervisorErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'SupervisorError'
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
