#!/usr/bin/env bun
import { defineCommand, runMain } from 'citty'
import packageJson from '../../package.json' with { type: 'json' }
import { configCommand } from './config-command.ts'
import { exportCommand } from './export-command.ts'
import { importCommand } from './import-command.ts'
import { privacyCommandGroup } from './privacy-command.ts'
import { reportCommandGroup } from './report-command.ts'
import { serveCommand } from './serve-command.ts'

const main = defineCommand({
  meta: {
    name: 'context-cleaner',
    version: packageJson.version,
    description:
      'Where your Claude Code tokens, money and context go — local only, nothing leaves this machine',
  },
  subCommands: {
    import: importCommand,
    report: reportCommandGroup,
    export: exportCommand,
    privacy: privacyCommandGroup,
    config: configCommand,
    serve: serveCommand,
  },
})

await runMain(main)
