import { type ArgsDef, defineCommand } from 'citty'
import { createConsola } from 'consola'
import { type CleaningStrategy, cleaningStrategies } from '../analytics/context/plan-cleaning.ts'
import type { Config } from '../config/load-config.ts'
import { analyzeSessionFile } from '../context/analyze-session.ts'
import { cleanSession } from '../context/clean-session.ts'
import { ContextError } from '../context/context-error.ts'
import { countSessionTokens, DEFAULT_EXACT_LIMIT } from '../context/exact-counts.ts'
import { importCleanedSession } from '../context/import-cleaned.ts'
import { type LocatedSession, locateSession, type SessionRef } from '../context/locate-session.ts'
import { renderAnalysis, renderClean } from '../context/render-context.ts'
import { DEFAULT_MIN_IDLE_MS } from '../context/session-activity.ts'
import { openStore } from '../store/open-store.ts'
import { UsageError } from './cli-error.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { writeJson, writeStdout } from './output.ts'

// consola prints info to stdout by default; here stdout carries only data (the report, or --json).
const log = createConsola({ stdout: process.stderr, stderr: process.stderr }).withTag('context')

async function locate(config: Config, ref: SessionRef): Promise<LocatedSession> {
  const store = openStore(config)
  try {
    return await locateSession(ref, config.claudeDirs, store.dashboardReads())
  } finally {
    await store.close()
  }
}

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < min)
    throw new UsageError(`Expected \`${flag}\` to be a whole number ≥ ${min}, got \`${value}\``)
  return n
}

const analyzeCommand = defineCommand({
  meta: {
    name: 'analyze',
    description: "What fills a session's context window, findings, health and what to do",
  },
  args: {
    session: { type: 'positional', description: 'Session id or transcript path', required: false },
    latest: { type: 'boolean', description: 'The most recently written session', default: false },
    ...configArgs,
    ...jsonArg,
    'exact-tokens': {
      type: 'boolean',
      description:
        "Count tokens exactly with Anthropic's count_tokens endpoint (sends content; needs ANTHROPIC_API_KEY)",
      default: false,
    },
    'exact-limit': {
      type: 'string',
      description: `Most pieces to count exactly (default ${DEFAULT_EXACT_LIMIT}); the rest are calibrated from them`,
    },
    'exact-rpm': { type: 'string', description: 'Requests per minute to the counting endpoint (default 50)' },
  } satisfies ArgsDef,
  run: async ({ args }) => {
    if (!args.session && !args.latest)
      throw new UsageError('Give a session id (or transcript path), or --latest')
    const config = configFrom(args)
    const session = await locate(config, { session: args.session, latest: args.latest })
    let result = analyzeSessionFile(session.path)
    if (args['exact-tokens']) {
      const apiKey = process.env.ANTHROPIC_API_KEY
      if (!apiKey)
        throw new ContextError('missing-api-key', '--exact-tokens needs ANTHROPIC_API_KEY in the environment')
      const outcome = await countSessionTokens(session.path, result.scan, {
        apiKey,
        baseUrl: process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com',
        model: result.analysis.model ?? 'claude-sonnet-4-5',
        cachePath: `${config.dataDir}/token-counts.jsonl`,
        limit: wholeNumber('--exact-limit', args['exact-limit'], DEFAULT_EXACT_LIMIT, 1),
        requestsPerMinute: wholeNumber('--exact-rpm', args['exact-rpm'], 50, 1),
        onProgress: (done, total) => log.debug(`counted ${done}/${total}`),
      })
      log.info(
        `exact counts: ${outcome.counts.size} pieces, ${outcome.requested} requests, ${outcome.fromCache} cached`,
      )
      result = analyzeSessionFile(session.path, { exact: outcome.counts })
    }
    if (args.json)
      await writeJson({
        transcriptPath: session.path,
        subagentFiles: result.subagentFiles,
        ...result.analysis,
      })
    else await writeStdout(renderAnalysis(result.analysis, session.path))
  },
})

const cleanCommand = defineCommand({
  meta: {
    name: 'clean',
    description:
      'Write a cleaned copy of a session (new id) that Claude Code can resume; the original is not touched',
  },
  args: {
    session: { type: 'positional', description: 'Session id or transcript path', required: true },
    strategy: {
      type: 'enum',
      options: [...cleaningStrategies],
      description:
        'conservative: duplicates and re-read files; balanced: also stale reads and fixed errors; aggressive: also trims unused long outputs',
      default: 'balanced',
    },
    'keep-turns': { type: 'string', description: 'Last turns to leave untouched (default 2, at least 1)' },
    'dry-run': {
      type: 'boolean',
      description: 'Show what would be removed and the saving; write nothing',
      default: false,
    },
    'min-idle': {
      type: 'string',
      description: `Refuse if the transcript changed less than this many seconds ago (default ${DEFAULT_MIN_IDLE_MS / 1000})`,
    },
    ...configArgs,
    ...jsonArg,
  } satisfies ArgsDef,
  run: async ({ args }) => {
    const strategy = cleaningStrategies.find((s) => s === args.strategy)
    if (strategy === undefined)
      throw new UsageError(
        `Expected \`--strategy\` to be ${cleaningStrategies.join(', ')}, got \`${args.strategy}\``,
      )
    const keepTurns = wholeNumber('--keep-turns', args['keep-turns'], 2, 1)
    const minIdleMs = wholeNumber('--min-idle', args['min-idle'], DEFAULT_MIN_IDLE_MS / 1000, 0) * 1000
    const config = configFrom(args)
    const session = await locate(config, { session: args.session })
    const result = await cleanSession(session, {
      strategy: strategy satisfies CleaningStrategy,
      keepTurns,
      dryRun: args['dry-run'],
      minIdleMs,
      claudeDirs: config.claudeDirs,
    })
    if (result.newPath !== null && result.newSessionId !== null) {
      const store = openStore(config)
      try {
        await importCleanedSession(store, result.newPath, result.newSessionId)
      } finally {
        await store.close()
      }
      if (!args.json && result.cwd !== null) log.info(`resume it from ${result.cwd}`)
    }
    if (args.json) await writeJson(result)
    else await writeStdout(renderClean(result))
  },
})

export const contextCommandGroup = defineCommand({
  meta: {
    name: 'context',
    description: "Analyse a session's context window, and write cleaned copies to resume",
  },
  subCommands: { analyze: analyzeCommand, clean: cleanCommand },
})
