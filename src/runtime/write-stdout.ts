// Writes to stdout and returns once every byte is handed to the OS, so a large piped report is whole
// however soon the process exits. A large text goes through a plain write(2) loop, because Bun's own
// ways each cost something: Bun.write(Bun.stdout, …) sends the first 64 KiB of a large piped write
// twice in the built executable (Bun 1.4.5), and process.stdout loads Node's stream modules, 10 ms of
// a 55 ms warm report run from source. A text that fits in one pipe buffer (help, a status line, most
// reports) goes through Bun.write: loading node:fs for writeSync is a few milliseconds of a `--help`
// that takes 10. test/integration/executable.test.ts pipes a report of several 64 KiB.

const STDOUT = 1
/** Below one pipe buffer, Bun.write hands the text over in one write. */
const SMALL_BYTES = 32 * 1024

/**
 * The reader of stdout left (`| head -1`): nobody wants the rest. Thrown so the command stops working
 * at once (an export of millions of rows must not read them all for nobody); the CLI's top level ends
 * quietly with exit 0 on it.
 */
export class StdoutClosedError extends Error {
  readonly code = 'stdout-closed'
  constructor() {
    super('stdout was closed by its reader')
    this.name = 'StdoutClosedError'
  }
}

export function isStdoutClosed(error: unknown): boolean {
  return (
    error instanceof StdoutClosedError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE')
  )
}

export async function writeStdout(text: string): Promise<void> {
  // Four UTF-8 bytes at most per UTF-16 unit pair, three per unit: length * 3 bounds the bytes.
  if (text.length * 3 < SMALL_BYTES) {
    try {
      await Bun.write(Bun.stdout, text)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw new StdoutClosedError()
      throw error
    }
    return
  }
  const { writeSync } = await import('node:fs')
  const bytes = Buffer.from(text)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(STDOUT, bytes, offset)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EPIPE') throw new StdoutClosedError()
      // A non-blocking stdout that is full: wait for the reader.
      if (code !== 'EAGAIN') throw error
      await Bun.sleep(1)
    }
  }
}
