import { defineCommand } from 'citty'
import { runDoctor } from '../supervisor/doctor.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { writeJson, writeStdout } from './output.ts'

const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const

export const doctorCommand = defineCommand({
  meta: {
    name: 'doctor',
    description:
      'Check Bun, directories, Claude Code telemetry, ports, the store and disk space (exit 1 on a failure)',
  },
  args: { ...configArgs, ...jsonArg },
  run: async ({ args }) => {
    const checks = await runDoctor(configFrom(args))
    if (checks.some((c) => c.level === 'fail')) process.exitCode = 1
    if (args.json) return writeJson(checks)
    const lines = checks.flatMap((c) => [
      `${mark[c.level]}  ${c.name}: ${c.detail}`,
      ...(c.fix ? [`      → ${c.fix}`] : []),
    ])
    await writeStdout(lines.join('\n'))
  },
})
