import { defineCommand } from 'citty'
import { configArgs } from './common-args.ts'

// Claude Code shows whatever this prints and shows stderr as an error: every failure ends in a line on
// stdout and exit 0. Modules load inside the run, after the budget timer is set.

const thresholdArgs = {
  'context-low-threshold': {
    type: 'string',
    description: 'Context % below which it shows green (0-100); default 50',
    valueHint: 'PCT',
  },
  'context-medium-threshold': {
    type: 'string',
    description: 'Context % below which it shows yellow, red above (0-100); default 80',
    valueHint: 'PCT',
  },
  'limit-low-threshold': {
    type: 'string',
    description: 'Plan limit % below which it shows green (0-100); default 50',
    valueHint: 'PCT',
  },
  'limit-medium-threshold': {
    type: 'string',
    description: 'Plan limit % below which it shows yellow, red above (0-100); default 80',
    valueHint: 'PCT',
  },
} as const

export const statuslineCommand = defineCommand({
  meta: {
    name: 'statusline',
    description:
      "One status line for Claude Code's statusLine setting: reads its JSON on stdin, records plan-limit readings",
  },
  args: {
    timezone: configArgs.timezone,
    store: configArgs.store,
    ...thresholdArgs,
    color: {
      type: 'string',
      description:
        'auto (on a terminal), always (what `setup claude --statusline` writes: Claude Code reads through a pipe) or never; NO_COLOR turns colours off',
      valueHint: 'auto|always|never',
    },
    'budget-ms': {
      type: 'string',
      description: 'Time allowed before printing what stdin alone gives; default 300',
      valueHint: 'MS',
    },
    'refresh-interval': {
      type: 'string',
      description:
        "Seconds a run may reuse the last run's store figures after the store changed (unchanged store, transcript and settings always reuse them, until the day or the block ends); 0 reads everything every time; default 1",
      valueHint: 'SECONDS',
    },
  },
  run: async ({ args }) => {
    const started = performance.now()
    const { runStatuslineCommand, DEFAULT_BUDGET_MS } = await import('../statusline/statusline-main.ts')
    await runStatuslineCommand(args, started, DEFAULT_BUDGET_MS)
  },
})
