#!/usr/bin/env bun
import { internalEntryFlag } from '../runtime/internal-entry-flag.ts'

// The statusline runs every few seconds under a time budget: it skips citty's parser (--help does not)
// and loads none of the command tree's modules.
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
  const [{ main }, { runCli }, { terminalStyle }, { writeStdout }] = await Promise.all([
    import('./commands.ts'),
    import('./run-cli.ts'),
    import('./terminal-style.ts'),
    import('../runtime/write-stdout.ts'),
  ])
  const failed = await runCli(main, process.argv.slice(2), {
    stdout: writeStdout,
    stderr: async (text) => {
      await Bun.write(Bun.stderr, text)
    },
    style: terminalStyle,
  })
  if (failed) process.exitCode = failed
}
