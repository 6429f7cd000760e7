export const contextErrorCodes = [
  'session-not-found',
  'no-sessions',
  'session-active',
  'transcript-unparseable',
  'clean-failed',
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
