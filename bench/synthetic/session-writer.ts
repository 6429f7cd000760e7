// One Claude Code session: a main transcript of prompt/agent-loop turns (with sub-agent transcripts
// beside it), sometimes continuing an earlier session, which Claude Code does by copying that
// session's lines into the new file: the same API responses then appear in two files.

import { join } from 'node:path'
import { type Conversation, type GeneratorContext, runAgentLoop, writePrompt } from './agent-loop.ts'
import { claudeCodeVersion, hasLongContext, mainModel } from './history-calendar.ts'
import { JsonlFile } from './jsonl-file.ts'
import { fileHistorySnapshotLine, summaryLine, systemLine } from './line-builders.ts'
import type { Random } from './random.ts'

export interface Project {
  cwd: string
  /** Claude Code's folder name for the cwd: every character but letters and digits becomes `-`. */
  dir: string
  branches: string[]
}

export interface SessionPlan {
  rng: Random
  start: number
  /** Bytes this session (with its sub-agents) should reach. */
  budget: number
  project: Project
}

/** The last session of each project, which a later one may resume. */
export type ResumeState = Map<string, { sessionId: string; end: number; tail: string[] }>

const HOUR = 3_600_000

export function writeSession(plan: SessionPlan, ctx: GeneratorContext, resume: ResumeState): void {
  const { rng, project } = plan
  const sessionId = rng.uuid()
  const model = mainModel(rng, plan.start)
  const longContext = hasLongContext(model) && rng.chance(0.06)
  const file = new JsonlFile(join(ctx.projectsDir, project.dir, `${sessionId}.jsonl`), ctx.stats)
  const conv: Conversation = {
    file,
    env: {
      cwd: project.cwd,
      sessionId,
      version: claudeCodeVersion(plan.start),
      gitBranch: rng.pick(project.branches),
    },
    projectDir: project.dir,
    rng,
    model,
    ttl1h: plan.start >= Date.UTC(2025, 8, 1) && rng.chance(0.25),
    compactAt: longContext ? rng.int(500_000, 800_000) : rng.int(140_000, 170_000),
    systemTokens: rng.int(14_000, 22_000),
    context: 0,
    pending: 0,
    lastCall: 0,
    parent: null,
    t: plan.start,
  }
  conv.context = conv.systemTokens
  const startBytes = ctx.stats.bytes
  ctx.stats.sessions++

  const previous = resume.get(project.dir)
  if (previous && previous.end < plan.start && plan.start - previous.end < 72 * HOUR && rng.chance(0.15)) {
    ctx.stats.resumedSessions++
    for (let i = rng.int(1, 3); i > 0; i--)
      file.push(summaryLine(ctx.text.slice(rng, rng.int(20, 70)), rng.uuid()), 'summary')
    for (const line of previous.tail) {
      const type = /"type":"([^"]+)"/.exec(line)?.[1] ?? 'unknown'
      file.push(line.replaceAll(previous.sessionId, sessionId), type)
      ctx.stats.copiedLines++
      if (type === 'assistant' && !line.includes('"<synthetic>"')) ctx.stats.usageLines++
      if (type === 'progress') ctx.stats.usageLines++
    }
  } else if (rng.chance(0.05)) {
    file.push(summaryLine(ctx.text.slice(rng, rng.int(20, 70)), rng.uuid()), 'summary')
  }

  let gap = 0
  // At least one turn: Claude Code writes no transcript for a session without a prompt.
  do {
    if (rng.chance(0.03)) conv.model = mainModel(rng, conv.t)
    if (conv.env.version.startsWith('2.')) {
      const files = Array.from({ length: rng.int(0, 5) }, () => `${project.cwd}/src/${rng.hex(6)}.ts`)
      file.push(fileHistorySnapshotLine(rng.uuid(), conv.t + gap, files), 'file-history-snapshot')
    }
    if (rng.chance(0.03)) {
      const meta = { parentUuid: conv.parent, uuid: rng.uuid(), timestamp: conv.t + gap }
      file.push(systemLine(conv.env, meta, 'informational', 'Hook PostToolUse:Edit completed'), 'system')
    }
    writePrompt(conv, ctx.text.slice(rng, Math.min(30_000, rng.logNormal(250, 1.2))), gap)
    runAgentLoop(conv, ctx, 1 + Math.min(40, Math.floor(rng.logNormal(3, 0.9))))
    gap = rng.chance(0.03) ? rng.int(8 * HOUR, 14 * HOUR) : Math.min(3 * HOUR, rng.logNormal(60_000, 1.3))
  } while (ctx.stats.bytes - startBytes < plan.budget)
  file.close()
  resume.set(project.dir, { sessionId, end: conv.t, tail: file.tail })
}
