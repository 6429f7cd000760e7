import { defineCommand } from 'citty'
import { settingNames, settingSpecs } from '../config/settings.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { writeJson, writeStdout } from './output.ts'

export const configCommand = defineCommand({
  meta: { name: 'config', description: 'Print the effective settings and where each came from' },
  args: { ...configArgs, ...jsonArg },
  run: async ({ args }) => {
    const config = configFrom(args)
    const settings = settingNames.map((name) => ({
      name,
      value: config[name],
      source: config.sources[name],
      env: settingSpecs[name].env,
      configKey: settingSpecs[name].toml,
    }))
    const paths = {
      home: config.home,
      configFile: config.configFile,
      database: config.databasePath,
      logs: config.logsDir,
    }
    if (args.json) return writeJson({ paths, settings })
    const show = (v: unknown): string =>
      Array.isArray(v)
        ? v.join(',')
        : typeof v === 'object' && v !== null
          ? Object.entries(v)
              .map(([key, x]) => `${key}=${x ?? 'off'}`)
              .join(',')
          : String(v)
    await writeStdout(
      [
        ...Object.entries(paths).map(([k, v]) => `${k.padEnd(14)} ${v}`),
        '',
        ...settings.map(
          (s) => `${s.name.padEnd(14)} ${show(s.value)}  (${s.source}; env ${s.env}, config ${s.configKey})`,
        ),
      ].join('\n'),
    )
  },
})
