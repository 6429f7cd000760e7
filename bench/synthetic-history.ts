#!/usr/bin/env bun
// Builds a large, deterministic Claude Code history for benchmarks:
//   <out>/claude/projects/<encoded-cwd>/<session>.jsonl (+ <session>/subagents/agent-*.jsonl)
//   <out>/expected.json: what the history contains, and the deduplicated totals per UTC day and model.
// Usage: bun bench/synthetic-history.ts [--size-mb 200] [--seed 1] [--out .bench/history-200mb]

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createConsola } from 'consola'
import type { GeneratorContext } from './synthetic/agent-loop.ts'
import { type ExpectedTotals, ExpectedTotalsBuilder } from './synthetic/expected-totals.ts'
import { sessionStart } from './synthetic/history-calendar.ts'
import { emptyStats, type HistoryStats } from './synthetic/jsonl-file.ts'
import { createRandom } from './synthetic/random.ts'
import { type Project, type ResumeState, type SessionPlan, writeSession } from './synthetic/session-writer.ts'
import { buildCorpus } from './synthetic/text-corpus.ts'

// consola prints info to stdout by default; stdout carries the results here.
const log = createConsola({ stdout: process.stderr, stderr: process.stderr }).withTag('synthetic-history')
export const MANIFEST = 'expected.json'
const FORMAT = 'context-cleaner-synthetic-history/1'

export interface HistoryManifest {
  format: typeof FORMAT
  seed: number
  sizeMb: number
  /** Point CLAUDE_CONFIG_DIR here. */
  claudeDir: string
  generationMs: number
  stats: HistoryStats
  expected: ExpectedTotals
}

const projectNames = (
  'web-app api-server billing-service infra cli-tools docs-site mobile-app data-pipeline ml-experiments ' +
  'auth-service design-system notebooks scraper chat-bot game-engine monorepo dotfiles blog k8s-config ' +
  'payments search-indexer analytics etl-jobs admin-panel sdk-js sdk-py lambda-fns terraform api.v2 my_scripts'
).split(' ')

function makeProjects(seed: number): { projects: Project[]; weights: number[] } {
  const rng = createRandom(seed, 2)
  const projects = projectNames.map((name) => {
    const cwd = `/home/dev/${rng.pick(['src', 'work', 'code/oss'])}/${name}`
    const branches = ['main', `feat/${rng.hex(4)}`, `fix/${rng.hex(4)}`].slice(0, rng.int(1, 3))
    return { cwd, dir: cwd.replace(/[^a-zA-Z0-9]/g, '-'), branches }
  })
  // A few projects get most of the work (Zipf-like), as in anyone's real history.
  return { projects, weights: projects.map((_, i) => 1 / (i + 1) ** 0.9) }
}

function planSessions(seed: number, targetBytes: number, sizeMb: number): SessionPlan[] {
  const { projects, weights } = makeProjects(seed)
  const count = Math.max(20, Math.round(sizeMb * 1.5))
  const plans = Array.from({ length: count }, (_, i) => {
    const rng = createRandom(seed, 1000 + i)
    const project = projects[rng.weighted(weights)] ?? projects[0]!
    return { rng, start: sessionStart(rng), budget: rng.logNormal(1, 1.3), project }
  })
  const sum = plans.reduce((s, p) => s + p.budget, 0)
  for (const p of plans) p.budget = (p.budget / sum) * targetBytes
  return plans.sort((a, b) => a.start - b.start)
}

export function generateHistory(opts: { outDir: string; sizeMb: number; seed: number }): HistoryManifest {
  const started = performance.now()
  prepareOutDir(opts.outDir)
  const claudeDir = join(opts.outDir, 'claude')
  const targetBytes = opts.sizeMb * 1024 * 1024
  const ctx: GeneratorContext = {
    projectsDir: join(claudeDir, 'projects'),
    text: buildCorpus(createRandom(opts.seed, 1)),
    expected: new ExpectedTotalsBuilder(),
    stats: emptyStats(),
  }
  const resume: ResumeState = new Map()
  let nextReport = 0.1
  const plans = planSessions(opts.seed, targetBytes, opts.sizeMb)
  let plannedLeft = targetBytes
  for (const plan of plans) {
    // Sessions overshoot their budget by up to a turn; scaling what is left keeps the total on target
    // without dropping the last (newest) sessions.
    const scale = Math.max(0, targetBytes - ctx.stats.bytes) / plannedLeft
    plannedLeft -= plan.budget
    writeSession({ ...plan, budget: plan.budget * scale }, ctx, resume)
    if (ctx.stats.bytes >= nextReport * targetBytes) {
      log.info(`${Math.round((100 * ctx.stats.bytes) / targetBytes)}% (${ctx.stats.sessions} sessions)`)
      nextReport += 0.1
    }
  }
  const manifest: HistoryManifest = {
    format: FORMAT,
    seed: opts.seed,
    sizeMb: opts.sizeMb,
    claudeDir,
    generationMs: Math.round(performance.now() - started),
    stats: ctx.stats,
    expected: ctx.expected.build(),
  }
  writeFileSync(join(opts.outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** Only a folder this script made (or an empty one) is ever cleared. */
function prepareOutDir(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    if (!existsSync(join(outDir, MANIFEST)) && !existsSync(join(outDir, 'claude'))) {
      throw new Error(`Refusing to overwrite ${outDir}: not a synthetic history folder`)
    }
    rmSync(join(outDir, 'claude'), { recursive: true, force: true })
    rmSync(join(outDir, MANIFEST), { force: true })
  }
  mkdirSync(outDir, { recursive: true })
}

export function defaultOutDir(sizeMb: number, seed: number): string {
  return resolve(import.meta.dir, '..', '.bench', `history-${sizeMb}mb-seed${seed}`)
}

export function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`Expected \`${flag}\` to be a positive number, got \`${value}\``)
  return n
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { 'size-mb': { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  })
  const sizeMb = positiveNumber('--size-mb', values['size-mb'], 200)
  const seed = Math.floor(positiveNumber('--seed', values.seed, 1))
  const outDir = resolve(values.out ?? defaultOutDir(sizeMb, seed))
  const m = generateHistory({ outDir, sizeMb, seed })
  log.success(
    `${(m.stats.bytes / 1048576).toFixed(0)} MB, ${m.stats.files} files, ${m.stats.uniqueResponses} API responses in ${m.generationMs} ms`,
  )
  process.stdout.write(
    `${JSON.stringify({ outDir, claudeDir: m.claudeDir, stats: m.stats, totals: m.expected.totals })}\n`,
  )
}
