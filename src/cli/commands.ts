// The command tree. main.ts runs it; tests walk it (every command refuses an unknown flag).

import type { CommandDef } from 'citty'
import packageJson from '../../package.json' with { type: 'json' }
import { type LazyCommand, lazy } from './lazy-command.ts'

// biome-ignore lint/suspicious/noExplicitAny: citty's own type for a command of any args
type AnyCommand = CommandDef<any>

// Each command group is loaded only when it runs: a report must not pay for the web stack, the
// supervisor or the OTLP decoder at startup (warm reports are dominated by module loading).
export const main = defineMain({
  run: lazy(
    'Start the importer, collector and dashboard under a background supervisor; print the dashboard URL (with its access token) and open it',
    () => import('./run-command.ts').then((m) => m.runCommand),
  ),
  stop: lazy(
    'Stop the services (dashboard, collector, ingest) and the supervisor, leaving nothing behind',
    () => import('./stop-command.ts').then((m) => m.stopCommand),
  ),
  status: lazy(
    "The supervisor and each service: pid, port, state, restarts, last health check, last error (exit 3 when the supervisor is not running); --json adds the dashboard's access URL",
    () => import('./status-command.ts').then((m) => m.statusCommand),
  ),
  restart: lazy('Restart one service under the running supervisor', () =>
    import('./restart-command.ts').then((m) => m.restartCommand),
  ),
  logs: lazy('Show the services’ logs (from the rotating files under logs/)', () =>
    import('./logs-command.ts').then((m) => m.logsCommand),
  ),
  import: lazy('Import new Claude Code transcript lines into the store (incremental)', () =>
    import('./import-command.ts').then((m) => m.importCommand),
  ),
  report: lazy('Usage and cost reports (each imports what is new first)', () =>
    import('./report-command.ts').then((m) => m.reportCommandGroup),
  ),
  context: lazy("Analyse a session's context window, and write cleaned copies to resume", () =>
    import('./context-command.ts').then((m) => m.contextCommandGroup),
  ),
  export: lazy('Write the stored API request records as JSON or CSV to stdout', () =>
    import('./export-command.ts').then((m) => m.exportCommand),
  ),
  migrate: lazy(
    'Copy the embedded store into ClickHouse: requests, sessions, checkpoints and telemetry (resumable; counts verified at the end)',
    () => import('./migrate-command.ts').then((m) => m.migrateCommand),
  ),
  privacy: lazy('See and delete what Context Cleaner stores', () =>
    import('./privacy-command.ts').then((m) => m.privacyCommandGroup),
  ),
  setup: lazy('Connect other tools to Context Cleaner', () =>
    import('./setup-command.ts').then((m) => m.setupCommandGroup),
  ),
  config: lazy('Print the effective settings and where each came from', () =>
    import('./config-command.ts').then((m) => m.configCommand),
  ),
  doctor: lazy(
    'Check Bun, directories, Claude Code telemetry, ports, the store and disk space (exit 1 on a failure)',
    () => import('./doctor-command.ts').then((m) => m.doctorCommand),
  ),
  debug: lazy('Inspect and repair the supervisor’s state', () =>
    import('./debug-command.ts').then((m) => m.debugCommandGroup),
  ),
  serve: lazy(
    'Run one service in the foreground (ingest, collector, dashboard); what the supervisor spawns',
    () => import('./serve-command.ts').then((m) => m.serveCommand),
  ),
  statusline: lazy(
    "One status line for Claude Code's statusLine setting: reads its JSON on stdin, records plan-limit readings",
    () => import('./statusline-command.ts').then((m) => m.statuslineCommand),
  ),
})

function defineMain(subCommands: Record<string, LazyCommand>): AnyCommand {
  return {
    meta: {
      name: 'context-cleaner',
      version: packageJson.version,
      description:
        'Where your Claude Code tokens, money and context go — local only, nothing leaves this machine',
    },
    subCommands,
  }
}
