#!/usr/bin/env bun

// The detached supervisor process that `run` starts. It loads only the supervisor, not the whole CLI,
// to keep start-up short; its settings arrive as CONTEXT_CLEANER_* environment variables and its
// output goes to logs/supervisor.log.

import packageJson from '../../package.json' with { type: 'json' }
import { loadConfig } from '../config/load-config.ts'
import { logger } from '../log.ts'
import { superviseInForeground } from './foreground.ts'
import { summarizeStart } from './start-summary.ts'

const log = logger('supervisor')
const config = loadConfig()
await superviseInForeground({
  config,
  version: packageJson.version,
  log,
  reload: () => loadConfig(),
  onStarted: async (services) => {
    const expected = { dashboard: config.dashboardPort, collector: config.collectorPort }
    for (const line of summarizeStart(services, config.host, expected).lines) log[line.level](line.text)
  },
})
process.exit(0)
