import { defineCommand } from 'citty'
import { supervisorPaths } from '../supervisor/paths.ts'
import { currentStatus } from '../supervisor/query-status.ts'
import { renderStatus } from '../supervisor/render-status.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { logger, writeJson, writeStdout } from './output.ts'

export const statusCommand = defineCommand({
  meta: {
    name: 'status',
    description:
      'The supervisor and each service: pid, port, state, restarts, last health check, last error (exit 3 when the supervisor is not running)',
  },
  args: { ...configArgs, ...jsonArg },
  run: async ({ args }) => {
    const paths = supervisorPaths(configFrom(args))
    const { answering, processes } = await currentStatus(paths)
    // LSB convention: 3 means "not running", so scripts can tell it from an error.
    if (!answering) process.exitCode = 3
    if (args.json) return writeJson(processes)
    await writeStdout(renderStatus(processes))
    if (!answering)
      logger('status').warn('The supervisor is not running; start it with `context-cleaner run`')
  },
})
