import { rmSync } from 'node:fs'
import { defineCommand } from 'citty'
import { parseDate, startOfDay } from '../analytics/calendar.ts'
import { formatBytes } from '../analytics/format-figures.ts'
import { listingCachePath } from '../ingest/directory-listings.ts'
import { log } from '../log.ts'
import { openStore } from '../store/open-store.ts'
import type { PurgeFilter } from '../store/store.ts'
import { UsageError } from './cli-error.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { writeJson, writeStdout } from './output.ts'

/** What is never kept; prompt text only when the user turned `store_prompts` on (and Claude Code sends it). */
function neverStored(storePrompts: boolean): string[] {
  return [
    storePrompts ? 'assistant replies' : 'prompt text and assistant replies',
    'file contents, tool inputs and tool outputs',
    'API keys, tokens and credentials',
  ]
}

const show = defineCommand({
  meta: { name: 'show', description: 'What is stored, where, how much, and what never is' },
  args: { ...configArgs, ...jsonArg },
  run: async ({ args }) => {
    const config = configFrom(args)
    const store = openStore(config)
    try {
      const d = await store.describe()
      const doc = {
        store: d.kind,
        location: d.location,
        bytes: d.bytes,
        tables: d.tables,
        oldest: d.oldestTimestamp === null ? null : new Date(d.oldestTimestamp).toISOString(),
        newest: d.newestTimestamp === null ? null : new Date(d.newestTimestamp).toISOString(),
        stored: [
          'per API request: ids, session, project path, model, timestamp, token counts, cost, git branch, Claude Code version',
          'per session: project path, transcript path, first and last activity',
          'per transcript file: size and how far it was imported; the names of the folders and files under projects/ (data/transcript-dirs.json, so the next import need not read unchanged folders)',
          'per plan-limit reading: window, used %, reset time, when seen, session; from the statusline also the context and cache figures, from transcripts the "limit reached" notices (no text kept)',
          `from telemetry: tool calls (name, outcome, duration, sizes), API errors, prompt lengths${config.storePrompts ? ' and prompt text (store_prompts is on)' : ''}, metrics; raw events for ${config.telemetryRetentionDays} days`,
        ],
        neverStored: neverStored(config.storePrompts),
        network: 'nothing is sent off this machine',
      }
      if (args.json) return writeJson(doc)
      await writeStdout(
        [
          `Store:    ${doc.store} at ${doc.location} (${formatBytes(doc.bytes ?? 0)})`,
          `Records:  ${d.tables.map((t) => `${t.rows.toLocaleString('en-US')} ${t.name}`).join(', ')}`,
          `Covering: ${doc.oldest ?? '-'} to ${doc.newest ?? '-'}`,
          'Stored:',
          ...doc.stored.map((s) => `  - ${s}`),
          'Never stored:',
          ...doc.neverStored.map((s) => `  - ${s}`),
          `Network:  ${doc.network}`,
        ].join('\n'),
      )
    } finally {
      await store.close()
    }
  },
})

const purge = defineCommand({
  meta: { name: 'purge', description: 'Delete stored records (asks first unless --yes)' },
  args: {
    ...configArgs,
    ...jsonArg,
    before: {
      type: 'string',
      description: 'Delete records before this day (YYYYMMDD or YYYY-MM-DD)',
      valueHint: 'DATE',
    },
    project: { type: 'string', description: 'Delete records of this project' },
    all: {
      type: 'boolean',
      description: 'Delete everything (the next import reads all transcripts again)',
      default: false,
    },
    yes: { type: 'boolean', description: 'Do not ask for confirmation', default: false },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    if (!args.all && !args.before && !args.project) {
      throw new UsageError('Say what to purge: `--before DATE`, `--project P`, or `--all`')
    }
    const filter: PurgeFilter = {}
    if (args.before) {
      const d = parseDate(args.before)
      if (!d)
        throw new UsageError(`Expected \`--before\` to be YYYYMMDD or YYYY-MM-DD, got \`${args.before}\``)
      filter.before = startOfDay(d.year, d.month, d.day, config.timezone)
    }
    if (args.project) filter.project = args.project
    const what = args.all
      ? 'ALL stored records'
      : `records${args.before ? ` before ${args.before}` : ''}${args.project ? ` of project ${args.project}` : ''}`
    if (!args.yes) {
      if (!process.stdin.isTTY)
        throw new UsageError(`Refusing to delete ${what} without confirmation: pass --yes`)
      const ok = await log().prompt(`Delete ${what}?`, { type: 'confirm', initial: false })
      if (ok !== true) {
        log().info('Nothing deleted.')
        return
      }
    }
    const store = openStore(config)
    try {
      const removed = await store.purge(filter)
      // The listings name every transcript: everything means them too (the next import lists again).
      if (args.all) rmSync(listingCachePath(config.dataDir), { force: true })
      if (args.json) await writeJson({ removed })
      else await writeStdout(`Deleted ${removed.apiRequests} API requests and ${removed.sessions} sessions.`)
    } finally {
      await store.close()
    }
  },
})

export const privacyCommandGroup = defineCommand({
  meta: { name: 'privacy', description: 'See and delete what Context Cleaner stores' },
  subCommands: { show, purge },
})
