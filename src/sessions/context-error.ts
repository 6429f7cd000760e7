export const contextErrorCodes = [
  'session-not-found',
  'session-ambiguous',
  'unknown-format',
  'no-sessions',
  'session-active',
  'transcript-unparseable',
  'clean-failed',
  'resume-failed',
  'count-tokens-failed',
  'missing-api-key',
] as const
export type ContextErrorCode = (typeof contextErrorCodes)[number]

export class ContextError extends Error {
  constructor(
    readonly code: ContextErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ContextError'
  }
}
