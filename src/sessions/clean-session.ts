// Writes a cleaned copy of a session beside the original: a new session id, every record kept in order,
// redundant tool output replaced by markers. The original is only ever read. The copy is written to a
// temporary file, checked against the original's structure, and only then given its final name.

import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { compareFacts, createTranscriptChecker } from '../analytics/context/check-transcript.ts'
import type { CleaningCost } from '../analytics/context/cleaning-cost.ts'
import { costOfCleaning } from '../analytics/context/cleaning-preview.ts'
import type { ContextAnalysis } from '../analytics/context/context-types.ts'
import { checkFormatVersion } from '../analytics/context/format-version.ts'
import {
  type CleaningAction,
  type CleaningPlan,
  type PlanOptions,
  planCleaning,
} from '../analytics/context/plan-cleaning.ts'
import { createUuidMapper, rewriteRecord, type UuidMapper } from '../analytics/context/rewrite-record.ts'
import { readTextLines } from '../ingest/read-lines.ts'
import { isObject } from '../model/transcript-schema.ts'
import { analyzeSessionFile } from './analyze-session.ts'
import { ContextError } from './context-error.ts'
import type { LocatedSession } from './locate-session.ts'
import { assertSessionIdle } from './session-activity.ts'

export interface CleanOptions extends PlanOptions {
  dryRun: boolean
  minIdleMs: number
  claudeDirs: readonly string[]
  now?: number
  newUuid?: () => string
}

/** The plan as made, where it comes from, and what was written (nothing on a dry run). */
export interface CleanResult extends CleaningPlan {
  sessionId: string
  sourcePath: string
  cwd: string | null
  dryRun: boolean
  /** What the cleaning costs and saves in prompt-cache terms, and whether it pays. */
  cost: CleaningCost
  contextTokensBefore: number
  contextTokensAfter: number
  newSessionId: string | null
  newPath: string | null
  resumeCommand: string | null
}

export async function cleanSession(session: LocatedSession, options: CleanOptions): Promise<CleanResult> {
  const before = statSync(session.path)
  const now = options.now ?? Date.now()
  const { analysis, scan, read, subagentFiles } = analyzeSessionFile(session.path)
  assertSessionIdle({
    path: session.path,
    sessionId: session.sessionId,
    claudeDirs: options.claudeDirs,
    minIdleMs: options.minIdleMs,
    now,
    incompleteTail: read.incompleteTail,
  })
  assertParsed(analysis, session.path)
  const format = checkFormatVersion(analysis.claudeCodeVersion)
  if (!format.known)
    throw new ContextError('unknown-format', `Cannot clean ${session.path}: ${format.reason}`)
  const plan = planCleaning({
    ...options,
    findings: analysis.findings,
    turnStarts: scan.turnStarts,
    toolUses: analysis.toolUses,
  })
  const result: CleanResult = {
    sessionId: session.sessionId,
    sourcePath: session.path,
    cwd: analysis.cwd,
    ...plan,
    dryRun: options.dryRun,
    cost: costOfCleaning(analysis, plan.tokensSaved, now),
    contextTokensBefore: analysis.current.contextTokens,
    contextTokensAfter: Math.max(0, analysis.current.contextTokens - plan.tokensSaved),
    newSessionId: null,
    newPath: null,
    resumeCommand: null,
  }
  if (options.dryRun || plan.actions.length === 0) return result

  const newUuid = options.newUuid ?? (() => crypto.randomUUID())
  const newSessionId = newUuid()
  const newPath = join(dirname(session.path), `${newSessionId}.jsonl`)
  const tmpPath = join(dirname(session.path), `.${newSessionId}.jsonl.tmp`)
  // Sub-agent transcripts live in `<session>/subagents/`; the copy gets its own, with the new ids.
  const tmpDir = join(dirname(session.path), `.${newSessionId}.tmp`)
  const ids = createUuidMapper(session.sessionId, newSessionId, newUuid)
  try {
    await writeCleanedCopy(session, plan.actions, newSessionId, tmpPath, ids)
    for (const file of subagentFiles) await copySubagent(file, join(tmpDir, 'subagents'), ids)
    const after = statSync(session.path)
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs)
      throw new ContextError(
        'session-active',
        `Session ${session.sessionId} changed while it was being cleaned`,
      )
    chmodSync(tmpPath, before.mode & 0o777)
    if (subagentFiles.length > 0) renameSync(tmpDir, join(dirname(session.path), newSessionId))
    renameSync(tmpPath, newPath)
  } finally {
    rmSync(tmpPath, { force: true })
    rmSync(tmpDir, { recursive: true, force: true })
  }
  return { ...result, newSessionId, newPath, resumeCommand: `claude --resume ${newSessionId}` }
}

function assertParsed(analysis: ContextAnalysis, path: string): void {
  const bad = Object.entries(analysis.lines.skipped).filter(([, n]) => n > 0)
  if (bad.length === 0) return
  const what = bad.map(([reason, n]) => `${n} ${reason}`).join(', ')
  throw new ContextError(
    'transcript-unparseable',
    `Cannot clean ${path}: some lines cannot be read (${what})`,
  )
}

async function writeCleanedCopy(
  session: LocatedSession,
  actions: readonly CleaningAction[],
  newSessionId: string,
  tmpPath: string,
  ids: UuidMapper,
): Promise<void> {
  const byToolUse = new Map(actions.map((a) => [a.toolUseId, a]))
  const original = createTranscriptChecker()
  const cleaned = createTranscriptChecker()
  const done = new Set<string>()
  const writer = Bun.file(tmpPath).writer()
  const read = { bytes: 0, incompleteTail: false }
  for (const event of readTextLines(session.path, read)) {
    if (event.kind === 'too-long') throw unparseable(session.path, event.line)
    if (event.text.length === 0) continue
    let value: unknown
    try {
      value = JSON.parse(event.text)
    } catch {
      throw unparseable(session.path, event.line)
    }
    if (!isObject(value)) throw unparseable(session.path, event.line)
    original.add(value)
    const rewritten = rewriteRecord(value, ids, byToolUse)
    for (const id of rewritten.cleaned) done.add(id)
    cleaned.add(rewritten.record)
    writer.write(`${JSON.stringify(rewritten.record)}\n`)
  }
  await writer.end()
  const problems = compareFacts(original.finish(), cleaned.finish(), newSessionId)
  const missed = actions.filter((a) => !done.has(a.toolUseId))
  if (missed.length > 0) problems.push(`${missed.length} planned removals not found`)
  if (read.incompleteTail) problems.push('the original gained a partial line while it was read')
  if (problems.length > 0)
    throw new ContextError(
      'clean-failed',
      `The cleaned copy failed its checks and was not kept: ${problems.join('; ')}`,
    )
}

// A sub-agent's transcript is copied whole (its own context is not the parent's to clean), with the
// new session id and the same uuid mapping as the parent, and its `.meta.json` beside it.
async function copySubagent(path: string, dir: string, ids: UuidMapper): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const writer = Bun.file(join(dir, basename(path))).writer()
  const read = { bytes: 0, incompleteTail: false }
  for (const event of readTextLines(path, read)) {
    if (event.kind === 'too-long') throw unparseable(path, event.line)
    if (event.text.length === 0) continue
    let value: unknown
    try {
      value = JSON.parse(event.text)
    } catch {
      throw unparseable(path, event.line)
    }
    if (!isObject(value)) throw unparseable(path, event.line)
    writer.write(`${JSON.stringify(rewriteRecord(value, ids, new Map()).record)}\n`)
  }
  await writer.end()
  if (read.incompleteTail)
    throw new ContextError('session-active', `Sub-agent transcript ${path} is still being written`)
  const meta = path.replace(/\.jsonl$/, '.meta.json')
  if (existsSync(meta)) copyFileSync(meta, join(dir, basename(meta)))
}

function unparseable(path: string, line: number): ContextError {
  return new ContextError('transcript-unparseable', `Cannot clean ${path}: line ${line} is not valid JSON`)
}
