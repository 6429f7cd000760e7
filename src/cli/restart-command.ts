import { defineCommand } from 'citty'
import { serviceNames } from '../services/service-names.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import { renderStatus } from '../supervisor/render-status.ts'
import { defaultRestartPolicy } from '../supervisor/restart-policy.ts'
import { callSupervisor } from '../supervisor/socket-client.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { logger, writeJson, writeStdout } from './output.ts'

const log = logger('restart')

export const restartCommand = defineCommand({
  meta: { name: 'restart', description: 'Restart one service under the running supervisor' },
  args: {
    service: { type: 'positional', description: `Service: ${serviceNames.join(', ')}`, required: true },
    ...configArgs,
    ...jsonArg,
  },
  run: async ({ args }) => {
    const paths = supervisorPaths(configFrom(args))
    const { readyTimeoutMs, stopGraceMs } = defaultRestartPolicy
    const { service } = await callSupervisor(
      paths.socket,
      'restart-service',
      { service: args.service },
      { onProgress: (p) => log.info(p.message), timeoutMs: (readyTimeoutMs + stopGraceMs) * 10 },
    )
    if (service.state !== 'running') process.exitCode = 1
    if (args.json) return writeJson(service)
    await writeStdout(renderStatus([service]))
  },
})
