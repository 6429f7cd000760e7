// The statusline command's edge: stdin, the time budget, options, and the one line on stdout. Nothing
// is ever written to stderr (Claude Code would show it) and the exit code is always 0.

import { subagentsDirOf } from '../ingest/transcript-layout.ts'
import {
  cacheHolds,
  homeDir,
  type LineCache,
  readLineCache,
  sessionStateBase,
  settingsKey,
  storeKey,
  transcriptsKey,
} from './line-cache.ts'
import { renderStatusLine, type StatusStyle } from './render-statusline.ts'
import { OptionError, parseStatuslineArgv, type StatuslineArgs } from './statusline-args.ts'
import { parseStatusInput, type StatusInput } from './statusline-input.ts'
import { FALLBACK_LINE, figuresFromInput, withCachedFigures } from './stdin-figures.ts'

export const DEFAULT_BUDGET_MS = 300
/** @default 1 second, as ccusage's `--refresh-interval` */
const DEFAULT_REFRESH_SECONDS = 1
const STDIN_GRACE_MS = 1000

/** Started from main.ts for `context-cleaner statusline [options]` (never for --help). */
export async function runStatuslineFromArgv(argv: readonly string[], started: number): Promise<void> {
  let args: StatuslineArgs
  try {
    args = parseStatuslineArgv(argv)
  } catch (error) {
    await Bun.write(
      Bun.stdout,
      `context-cleaner statusline: ${error instanceof Error ? error.message : ''}\n`,
    )
    process.exit(0)
  }
  await runStatuslineCommand(args, started, DEFAULT_BUDGET_MS)
}

/**
 * A terminal (or /dev/null) without loading node:tty and the stream modules it brings (~20 ms), nor
 * node:fs (a few ms): Bun's own stat.
 */
async function isTerminal(fd: number): Promise<boolean> {
  try {
    return (await Bun.file(fd).stat()).isCharacterDevice()
  } catch {
    return false
  }
}

interface FromCache {
  /** The line, when nothing its figures depend on has changed (line-cache.ts). */
  line: string | null
  /** The session's cache, still good for its settings when they have not changed. */
  prior: LineCache | null
}

async function fromCache(
  input: StatusInput,
  args: StatuslineArgs,
  style: StatusStyle,
  refreshMs: number,
): Promise<FromCache> {
  const home = homeDir(process.env)
  if (!home || !input.transcriptPath) return { line: null, prior: null }
  const cache = await readLineCache(
    `${sessionStateBase(`${home}/run`, input.sessionId, input.transcriptPath)}.line.json`,
  )
  if (!cache) return { line: null, prior: null }
  const [settings, store, transcripts] = await Promise.all([
    settingsKey(home, args, process.env),
    storeKey(cache.storePath),
    transcriptsKey(cache.files, subagentsDirOf(input.transcriptPath)),
  ])
  const prior = settings === cache.keys.settings ? cache : null
  const now = Date.now()
  if (!cacheHolds(cache, { settings, store, transcripts }, input.limits, input.sessionId, now, refreshMs))
    return { line: null, prior }
  return { line: renderStatusLine(withCachedFigures(input, cache.figures), style, now), prior }
}

export async function runStatuslineCommand(
  args: StatuslineArgs,
  started: number,
  defaultBudgetMs: number,
): Promise<void> {
  let line: string
  try {
    line = await lineFor(args, started, defaultBudgetMs)
  } catch (error) {
    line = error instanceof OptionError ? `context-cleaner statusline: ${error.message}` : FALLBACK_LINE
  }
  await Bun.write(Bun.stdout, `${line}\n`)
  process.exit(0)
}

async function lineFor(args: StatuslineArgs, started: number, defaultBudgetMs: number): Promise<string> {
  const budgetMs = numberOption(args['budget-ms'], '--budget-ms', defaultBudgetMs, 1, 60_000)
  const refreshMs =
    numberOption(args['refresh-interval'], '--refresh-interval', DEFAULT_REFRESH_SECONDS, 0, 86_400) * 1000
  const style = await styleFrom(args)
  const deadline = started + budgetMs
  let input: StatusInput | null = null
  let expired = false
  const stdinOnly = (i: StatusInput) => renderStatusLine(figuresFromInput(i), style, Date.now())
  // When the budget runs out, what stdin gave is printed; if stdin is still being read, it gets a
  // short grace (Claude Code writes it at once and closes it) before the fallback line.
  const timeout = new Promise<string>((resolve) => {
    setTimeout(
      () => {
        expired = true
        if (input) resolve(stdinOnly(input))
        else setTimeout(() => resolve(FALLBACK_LINE), STDIN_GRACE_MS).unref()
      },
      Math.max(0, deadline - performance.now()),
    ).unref()
  })
  const work = async (): Promise<string> => {
    // A person trying it by hand on a terminal has no document to pipe: do not wait for one.
    const text = (await isTerminal(0)) ? '' : await Bun.stdin.text()
    input = parseStatusInput(text)
    if (!input) return FALLBACK_LINE
    // Read after the budget ran out: the race is still open (the timeout waits out its grace), so
    // returning settles it with what stdin gave.
    if (expired) return stdinOnly(input)
    const cached = await fromCache(input, args, style, refreshMs).catch(() => ({ line: null, prior: null }))
    if (cached.line !== null) return cached.line
    const [{ statusLine }, { defaultCostModel }] = await Promise.all([
      import('./run-statusline.ts'),
      import('../analytics/pricing/default-cost-model.ts'),
    ])
    // The same settings as the cached run: its config, without reading config.toml or ICU's zone data.
    const config =
      cached.prior?.config ??
      (await import('../config/load-config.ts')).loadConfig({ timezone: args.timezone, store: args.store })
    return statusLine(input, {
      config,
      prior: cached.prior,
      args,
      costs: defaultCostModel,
      style,
      deadline,
      now: Date.now(),
    })
  }
  return Promise.race([work(), timeout])
}

async function styleFrom(args: StatuslineArgs): Promise<StatusStyle> {
  const color = args.color ?? 'auto'
  if (!['auto', 'always', 'never'].includes(color))
    throw new OptionError(`Expected \`--color\` to be auto, always or never, got \`${color}\``)
  const noColor = (process.env.NO_COLOR ?? '') !== ''
  const style: StatusStyle = {
    color: !noColor && (color === 'always' || (color === 'auto' && (await isTerminal(1)))),
    contextLow: numberOption(args['context-low-threshold'], '--context-low-threshold', 50, 0, 100),
    contextMedium: numberOption(args['context-medium-threshold'], '--context-medium-threshold', 80, 0, 100),
    limitLow: numberOption(args['limit-low-threshold'], '--limit-low-threshold', 50, 0, 100),
    limitMedium: numberOption(args['limit-medium-threshold'], '--limit-medium-threshold', 80, 0, 100),
  }
  if (style.contextLow > style.contextMedium)
    throw new OptionError('Expected `--context-low-threshold` to be at most `--context-medium-threshold`')
  if (style.limitLow > style.limitMedium)
    throw new OptionError('Expected `--limit-low-threshold` to be at most `--limit-medium-threshold`')
  return style
}

function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || n > max)
    throw new OptionError(`Expected \`${name}\` to be ${min}-${max}, got \`${value}\``)
  return n
}
