import { defineCommand } from 'citty'
import { readAccessToken } from '../supervisor/access-tokens.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import { currentStatus } from '../supervisor/query-status.ts'
import { renderStatus } from '../supervisor/render-status.ts'
import { dashboardUrl } from '../supervisor/start-summary.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { logger, writeJson, writeStdout } from './output.ts'

export const statusCommand = defineCommand({
  meta: {
    name: 'status',
    description:
      "The supervisor and each service: pid, port, state, restarts, last health check, last error (exit 3 when the supervisor is not running); --json adds the dashboard's access URL",
  },
  args: { ...configArgs, ...jsonArg },
  run: async ({ args }) => {
    const config = configFrom(args)
    const paths = supervisorPaths(config)
    const { answering, processes } = await currentStatus(paths)
    // LSB convention: 3 means "not running", so scripts can tell it from an error.
    if (!answering) process.exitCode = 3
    if (args.json) {
      // Scripts and tests get in the way a person does: the running dashboard's URL with its token.
      const token = readAccessToken(config.runDir, 'dashboard')
      return writeJson(
        processes.map((p) =>
          p.name === 'dashboard' && p.state === 'running' && p.port !== null
            ? { ...p, url: dashboardUrl(config.host, p.port, token) }
            : p,
        ),
      )
    }
    await writeStdout(renderStatus(processes))
    if (!answering)
      logger('status').warn('The supervisor is not running; start it with `context-cleaner run`')
  },
})
