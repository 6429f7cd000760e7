// Writes to stdout and returns once every byte is handed to the OS, so a large piped report is whole
// however soon the process exits. A plain write(2) loop, because Bun's own ways each cost something:
// Bun.write(Bun.stdout, …) sends the first 64 KiB of a large piped write twice in the built
// executable (Bun 1.4.5), and process.stdout loads Node's stream modules, 10 ms of a 55 ms warm
// report run from source. test/integration/executable.test.ts pipes a report of several 64 KiB.

import { writeSync } from 'node:fs'

const STDOUT = 1

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
