#!/usr/bin/env bun
import { internalEntryFlag } from '../runtime/internal-entry-flag.ts'
import { writeStdout } from '../runtime/write-stdout.ts'
import { main } from './commands.ts'
import { runCli } from './run-cli.ts'
import { terminalStyle } from './terminal-style.ts'

// The statusline runs every few seconds under a time budget: it skips citty's parser (--help does not).
const statuslineRun =
  process.argv[2] === 'statusline' && !process.argv.some((a) => a === '--help' || a === '-h')

if (process.argv[2] === internalEntryFlag) {
  const { runInternalEntry } = await import('./internal-entry.ts')
  await runInternalEntry(process.argv[3])
} else if (statuslineRun) {
  const started = performance.now()
  const { runStatuslineFromArgv } = await import('../statusline/statusline-main.ts')
  await runStatuslineFromArgv(process.argv.slice(3), started)
} else {
  const failed = await runCli(main, process.argv.slice(2), {
    stdout: writeStdout,
    stderr: async (text) => {
      await Bun.write(Bun.stderr, text)
    },
    style: terminalStyle,
  })
  if (failed) process.exitCode = failed
}
