// Data goes to stdout, everything else to stderr; every stdout write is awaited (write-stdout.ts).

import { writeStdout as write } from '../runtime/write-stdout.ts'

export async function writeStdout(text: string): Promise<void> {
  await write(text.endsWith('\n') ? text : `${text}\n`)
}

export async function writeJson(value: unknown): Promise<void> {
  await writeStdout(JSON.stringify(value, null, 2))
}

export { logger } from '../log.ts'
