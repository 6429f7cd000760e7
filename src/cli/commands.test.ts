import { expect, test } from 'bun:test'
import { main } from './commands.ts'
import { knownDescription } from './lazy-command.ts'

const subs = Object.entries(main.subCommands as Record<string, () => Promise<{ meta?: unknown }>>)

// `--help` prints these lines without loading the commands; they must say what each command says.
test.each(subs)('%s: the help line is the command’s own description', async (_name, load) => {
  const meta = (await load()).meta as { description?: string }
  expect(knownDescription(load)).toBe(meta.description as string)
})
