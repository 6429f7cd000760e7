// Data goes to stdout, everything else to stderr. Bun can exit before a large piped write finishes
// (ccusage hit this), so writes are awaited.

export async function writeStdout(text: string): Promise<void> {
  await Bun.write(Bun.stdout, text.endsWith('\n') ? text : `${text}\n`)
}

export async function writeJson(value: unknown): Promise<void> {
  await writeStdout(JSON.stringify(value, null, 2))
}

export { logger } from '../log.ts'
