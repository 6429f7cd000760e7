// The command tree. main.ts runs it; tests walk it (every command refuses an unknown flag).

import { defineCommand } from 'citty'
import packageJson from '../../package.json' with { type: 'json' }

// Each command group is loaded only when it runs: a report must not pay for the web stack, the
// supervisor or the OTLP decoder at startup (warm reports are dominated by module loading).
export const main = defineCommand({
  meta: {
    name: 'context-cleaner',
    version: packageJson.version,
    description:
      'Where your Claude Code tokens, money and context go — local only, nothing leaves this machine',
  },
  subCommands: {
    run: () => import('./run-command.ts').then((m) => m.runCommand),
    stop: () => import('./stop-command.ts').then((m) => m.stopCommand),
    status: () => import('./status-command.ts').then((m) => m.statusCommand),
    restart: () => import('./restart-command.ts').then((m) => m.restartCommand),
    logs: () => import('./logs-command.ts').then((m) => m.logsCommand),
    import: () => import('./import-command.ts').then((m) => m.importCommand),
    report: () => import('./report-command.ts').then((m) => m.reportCommandGroup),
    context: () => import('./context-command.ts').then((m) => m.contextCommandGroup),
    export: () => import('./export-command.ts').then((m) => m.exportCommand),
    migrate: () => import('./migrate-command.ts').then((m) => m.migrateCommand),
    privacy: () => import('./privacy-command.ts').then((m) => m.privacyCommandGroup),
    setup: () => import('./setup-command.ts').then((m) => m.setupCommandGroup),
    config: () => import('./config-command.ts').then((m) => m.configCommand),
    doctor: () => import('./doctor-command.ts').then((m) => m.doctorCommand),
    debug: () => import('./debug-command.ts').then((m) => m.debugCommandGroup),
    serve: () => import('./serve-command.ts').then((m) => m.serveCommand),
    statusline: () => import('./statusline-command.ts').then((m) => m.statuslineCommand),
  },
})
