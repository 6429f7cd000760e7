// Data goes to stdout, everything else to stderr. Bun can exit before a large piped write finishes
// (ccusage hit this), so writes are awaited.

import { consola } from 'consola'

export async function writeStdout(text: string): Promise<void> {
  await Bun.write(Bun.stdout, text.endsWith('\n') ? text : `${text}\n`)
}

export async function writeJson(value: unknown): Promise<void> {
  await writeStdout(JSON.stringify(value, null, 2))
}

/** Human-facing messages: stderr, tagged per command. */
export function logger(tag: string) {
  return consola.withTag(tag)
}
