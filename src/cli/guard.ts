// Domain errors (anything with a string `code`) end the command with their message and exit code 1;
// anything else is a bug and keeps its stack trace.

interface CodedError extends Error {
  code: string
}

function isDomainError(error: unknown): error is CodedError {
  return (
    error instanceof Error && 'code' in error && typeof error.code === 'string' && error.name !== 'CLIError'
  )
}

export function guard<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args)
    } catch (error) {
      if (!isDomainError(error)) throw error
      // Written as is: consola would render the `backticks` that mark flags and values as markup.
      await Bun.write(Bun.stderr, `Error: ${error.message}\n`)
      process.exitCode = 1
    }
  }
}

export class UsageError extends Error {
  readonly code = 'usage'
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
