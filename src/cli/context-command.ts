import { type ArgsDef, defineCommand } from 'citty'
import { createConsola } from 'consola'
import { previewCleaning } from '../analytics/context/cleaning-preview.ts'
import { type CleaningStrategy, cleaningStrategies } from '../analytics/context/plan-cleaning.ts'
import type { Config } from '../config/load-config.ts'
import { analyzeSessionFile } from '../sessions/analyze-session.ts'
import { cleanSession } from '../sessions/clean-session.ts'
import { ContextError } from '../sessions/context-error.ts'
import { countSessionTokens, DEFAULT_EXACT_LIMIT } from '../sessions/exact-counts.ts'
import { importCleanedSession } from '../sessions/import-cleaned.ts'
import { type LocatedSession, locateSession, type SessionRef } from '../sessions/locate-session.ts'
import { resumeInClaude } from '../sessions/resume-session.ts'
import { DEFAULT_MIN_IDLE_MS } from '../sessions/session-activity.ts'
import { openStore } from '../store/open-store.ts'
import { UsageError } from './cli-error.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { writeJson, writeStdout } from './output.ts'
import { renderAnalysis, renderClean } from './render-context.ts'

// consola prints info to stdout by default; here stdout carries only data (the report, or --json).
const log = createConsola({ stdout: process.stderr, stderr: process.stderr }).withTag('context')

async function locate(config: Config, ref: SessionRef): Promise<LocatedSession> {
  const store = openStore(config)
  try {
    return await locateSession(ref, config.claudeDirs, store.reads())
  } finally {
    await store.close()
  }
}

/** `--exclude-tools Read,Grep` (repeatable as a comma list); names as Claude Code writes them. */
function toolList(value: string | undefined): string[] {
  if (value === undefined) return []
  const names = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
  const bad = names.find((t) => !/^[A-Za-z0-9_.:-]+\*?$/.test(t))
  if (bad !== undefined)
    throw new UsageError(`Expected \`--exclude-tools\` to be tool names separated by commas, got \`${bad}\``)
  return names
}

/** Arguments after `--`, passed on to Claude Code by `--resume`. */
function afterDashDash(rawArgs: readonly string[]): string[] {
  const at = rawArgs.indexOf('--')
  return at === -1 ? [] : rawArgs.slice(at + 1)
}

const sessionArg = {
  session: {
    type: 'positional',
    description:
      'Session id, a unique prefix of one (8 characters as the dashboard shows), or a transcript path; default: the most recent session of this directory',
    required: false,
  },
} as const

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < min)
    throw new UsageError(`Expected \`${flag}\` to be a whole number ≥ ${min}, got \`${value}\``)
  return n
}

function optionalNumber(flag: string, value: string | undefined, min: number): number | null {
  return value === undefined || value === '' ? null : wholeNumber(flag, value, min, min)
}

const analyzeCommand = defineCommand({
  meta: {
    name: 'analyze',
    description: "What fills a session's context window, findings, health and what to do",
  },
  args: {
    ...sessionArg,
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
    const config = configFrom(args)
    const session = await locate(config, {
      session: args.session,
      latest: args.latest,
      cwd: process.cwd(),
    })
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
    const cleaning = previewCleaning(result.analysis, Date.now())
    if (args.json)
      await writeJson({
        transcriptPath: session.path,
        subagentFiles: result.subagentFiles,
        ...result.analysis,
        cleaning,
      })
    else await writeStdout(renderAnalysis(result.analysis, session.path, cleaning))
  },
})

const cleanCommand = defineCommand({
  meta: {
    name: 'clean',
    description:
      'Write a cleaned copy of a session (new id) that Claude Code can resume; the original is not touched',
  },
  args: {
    ...sessionArg,
    strategy: {
      type: 'enum',
      options: [...cleaningStrategies],
      description:
        'conservative: duplicates and re-read files; balanced: also stale reads and fixed errors; aggressive: also trims unused long outputs',
      default: 'balanced',
    },
    'keep-tools': {
      type: 'string',
      description: 'Newest tool uses whose calls and outputs stay verbatim (default 3, at least 1)',
      valueHint: 'N',
    },
    'keep-turns': {
      type: 'string',
      description: 'Instead (or as well): the last turns to leave untouched (at least 1)',
      valueHint: 'N',
    },
    'exclude-tools': {
      type: 'string',
      description: 'Tools whose outputs are never cleared, comma-separated (a trailing * matches a prefix)',
      valueHint: 'Read,Grep',
    },
    'clear-at-least': {
      type: 'string',
      description: 'Clear nothing unless at least this many tokens go (default 0)',
      valueHint: 'TOKENS',
    },
    'clear-tool-inputs': {
      type: 'boolean',
      description:
        'Also shorten long inputs (file contents, long commands) of the calls whose outputs are cleared',
      default: false,
    },
    resume: {
      type: 'boolean',
      description:
        "Then run `claude --resume <new id>` in the session's directory (arguments after -- go to Claude Code)",
      default: false,
    },
    'claude-bin': {
      type: 'string',
      description: 'Claude Code executable for --resume (default: claude on PATH)',
      valueHint: 'PATH',
    },
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
  run: async ({ args, rawArgs }) => {
    const strategy = cleaningStrategies.find((s) => s === args.strategy)
    if (strategy === undefined)
      throw new UsageError(
        `Expected \`--strategy\` to be ${cleaningStrategies.join(', ')}, got \`${args.strategy}\``,
      )
    const keepTools = optionalNumber('--keep-tools', args['keep-tools'], 1)
    const keepTurns = optionalNumber('--keep-turns', args['keep-turns'], 1)
    const clearAtLeast = wholeNumber('--clear-at-least', args['clear-at-least'], 0, 0)
    const excludeTools = toolList(args['exclude-tools'])
    const minIdleMs = wholeNumber('--min-idle', args['min-idle'], DEFAULT_MIN_IDLE_MS / 1000, 0) * 1000
    if (args.resume && args['dry-run'])
      throw new UsageError('`--resume` needs a cleaned copy: drop `--dry-run`')
    if (args.resume && args.json) throw new UsageError('`--resume` takes over the terminal: drop `--json`')
    const config = configFrom(args)
    const session = await locate(config, { session: args.session, cwd: process.cwd() })
    const result = await cleanSession(session, {
      strategy: strategy satisfies CleaningStrategy,
      keepTools,
      keepTurns,
      excludeTools,
      clearAtLeast,
      clearToolInputs: args['clear-tool-inputs'],
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
      if (!args.json && !args.resume && result.cwd !== null) log.info(`resume it from ${result.cwd}`)
    }
    if (args.json) await writeJson(result)
    else await writeStdout(renderClean(result))
    if (!args.resume) return
    // Nothing cleaned: the original is what there is to continue.
    const resumeId = result.newSessionId ?? result.sessionId
    if (result.cwd === null)
      throw new ContextError(
        'resume-failed',
        `The session names no working directory; run claude --resume ${resumeId} from it yourself`,
      )
    log.info(`resuming ${resumeId} in ${result.cwd}`)
    process.exitCode = await resumeInClaude({
      sessionId: resumeId,
      cwd: result.cwd,
      ...(args['claude-bin'] ? { claudeBin: args['claude-bin'] } : {}),
      extraArgs: afterDashDash(rawArgs),
    })
  },
})

export const contextCommandGroup = defineCommand({
  meta: {
    name: 'context',
    description: "Analyse a session's context window, and write cleaned copies to resume",
  },
  subCommands: { analyze: analyzeCommand, clean: cleanCommand },
})
