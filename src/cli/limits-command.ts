import { defineCommand } from 'citty'
import { loadLimitsReport } from '../analytics/load-limits-report.ts'
import { defaultCostModel } from '../analytics/pricing/default-cost-model.ts'
import { openStore } from '../store/open-store.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { runImport } from './import-command.ts'
import { writeJson, writeStdout } from './output.ts'
import { renderLimits } from './render-limits.ts'

export const limitsCommand = defineCommand({
  meta: {
    name: 'limits',
    description:
      'Plan limits (5-hour, 7-day, spend) as Claude Code last reported them to the statusline, projected to their reset, with the limit hits seen by the statusline or in transcripts ("limit reached · resets …") and dollars per percent',
  },
  args: {
    ...configArgs,
    ...jsonArg,
    import: {
      type: 'boolean',
      description: 'Import what is new before reporting',
      negativeDescription: 'Report on what is stored without importing first',
      default: true,
    },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    const store = openStore(config)
    try {
      if (args.import) await runImport(store, config)
      const now = Date.now()
      const report = await loadLimitsReport(store, defaultCostModel(), now)
      if (args.json) await writeJson(report)
      else await writeStdout(renderLimits(report, now))
    } finally {
      await store.close()
    }
  },
})
