// The CLI's error kinds. Commands throw; src/cli/run-cli.ts catches once, at the top.

/** A mistake in how the command was called: the message, then the command's usage line. */
export class UsageError extends Error {
  readonly code = 'usage'
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

interface CodedError extends Error {
  code: string
}

/** A domain error (any Error with a string `code`): its message is for the user, its stack is not. */
export function isDomainError(error: unknown): error is CodedError {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
}
