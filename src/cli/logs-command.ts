import { defineCommand } from 'citty'
import { serviceNames } from '../services/service-names.ts'
import { readAppended, readLastLines } from '../supervisor/log-files.ts'
import { serviceLogPath, supervisorPaths } from '../supervisor/paths.ts'
import { UsageError } from './cli-error.ts'
import { configArgs, configFrom } from './common-args.ts'
import { writeStdout } from './output.ts'

const names = [...serviceNames, 'supervisor'] as const

export const logsCommand = defineCommand({
  meta: { name: 'logs', description: 'Show the services’ logs (from the rotating files under logs/)' },
  args: {
    service: {
      type: 'positional',
      description: `One of ${names.join(', ')}; all when omitted`,
      required: false,
    },
    ...configArgs,
    follow: {
      type: 'boolean',
      alias: 'f',
      default: false,
      description: 'Keep printing new lines until interrupted',
    },
    lines: {
      type: 'string',
      alias: 'n',
      default: '50',
      description: 'How many recent lines to show',
      valueHint: 'N',
    },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    const wanted = args.service === undefined ? names : names.filter((n) => n === args.service)
    if (wanted.length === 0)
      throw new UsageError(`Expected a service (${names.join(', ')}), got \`${args.service}\``)
    const count = Number(args.lines)
    if (!/^\d+$/.test(args.lines))
      throw new UsageError(`Expected \`--lines\` to be a whole number, got \`${args.lines}\``)
    const files = wanted.map((name) => ({
      name,
      path:
        name === 'supervisor' ? supervisorPaths(config).supervisorLog : serviceLogPath(config.logsDir, name),
    }))
    const label = (name: string, line: string) => (files.length > 1 ? `${name.padEnd(10)} | ${line}` : line)
    for (const file of files) {
      const lines = await readLastLines(file.path, count)
      if (lines.length > 0) await writeStdout(lines.map((l) => label(file.name, l)).join('\n'))
    }
    if (!args.follow) return

    const offsets = new Map(files.map((f) => [f.path, Bun.file(f.path).size]))
    let stop = false
    const quit = () => {
      stop = true
    }
    process.once('SIGINT', quit)
    process.once('SIGTERM', quit)
    while (!stop) {
      for (const file of files) {
        const { text, offset } = readAppended(file.path, offsets.get(file.path) ?? 0)
        offsets.set(file.path, offset)
        if (text)
          await writeStdout(
            text
              .trimEnd()
              .split('\n')
              .map((l) => label(file.name, l))
              .join('\n'),
          )
      }
      await Bun.sleep(200)
    }
  },
})
