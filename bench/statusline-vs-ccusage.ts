#!/usr/bin/env bun
// Times `context-cleaner statusline` against `ccusage statusline` in its cached mode (a refresh
// interval of an hour, so every counted run is a cache hit) on one synthetic history, the same
// payload on stdin (the history's largest session), runs alternating A B A B. Ours reads a store the
// history was imported into (not timed) and has read the session's transcript once (warm-up).
// Usage: bun bench/statusline-vs-ccusage.ts [--size-mb 200] [--runs 15] [--data DIR]
// Prints medians and ratios, then one machine-readable JSON line, on stdout.

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { type Measured, runMeasured } from './harness/measure-process.ts'

const repoRoot = resolve(import.meta.dir, '..')
const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '200' },
    runs: { type: 'string', default: '15' },
    data: { type: 'string' },
  },
})
const sizeMb = Number(values['size-mb'])
const runs = Number(values.runs)
const dataDir = resolve(values.data ?? join(repoRoot, '.bench', `history-${sizeMb}mb`))
const claudeDir = join(dataDir, 'claude')

if (!existsSync(claudeDir)) {
  process.stderr.write(`generating a ${sizeMb} MB history in ${dataDir}\n`)
  await execa(
    'bun',
    [join(repoRoot, 'bench', 'synthetic-history.ts'), '--size-mb', String(sizeMb), '--out', dataDir],
    {
      stdout: 'ignore',
      stderr: 'inherit',
    },
  )
}

const work = join(dataDir, 'statusline-bench')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  CONTEXT_CLEANER_HOME: join(work, 'cc'),
  CLAUDE_CONFIG_DIR: claudeDir,
}
process.stderr.write('importing the history into a fresh store (not timed)\n')
await execa('bun', [join(repoRoot, 'src', 'cli', 'main.ts'), 'import'], { env, stdout: 'ignore' })

// The largest main transcript: the session whose tail ours reads.
const transcripts = readdirSync(join(claudeDir, 'projects'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.jsonl') && !f.includes('subagents'))
  .map((f) => join(claudeDir, 'projects', f))
  .sort((a, b) => statSync(b).size - statSync(a).size)
const transcript = transcripts[0] ?? ''
const now = Math.floor(Date.now() / 1000)
const payload = JSON.stringify({
  session_id: basename(transcript, '.jsonl'),
  transcript_path: transcript,
  cwd: '/home/dev/web-app',
  model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
  cost: { total_cost_usd: 1.23 },
  // ccusage 20 refuses a payload without the totals ("missing field `total_input_tokens`").
  context_window: {
    total_input_tokens: 27_265,
    total_output_tokens: 729,
    context_window_size: 200000,
    current_usage: {
      input_tokens: 12,
      output_tokens: 729,
      cache_creation_input_tokens: 864,
      cache_read_input_tokens: 26_389,
    },
  },
  rate_limits: { five_hour: { used_percentage: 32, resets_at: now + 4000 } },
})

function ccusageBin(): string {
  const require = createRequire(join(repoRoot, 'package.json'))
  try {
    const pkg = require.resolve(`@ccusage/ccusage-${process.platform}-${process.arch}/package.json`)
    return join(pkg, '..', 'bin', 'ccusage')
  } catch {
    return join(repoRoot, 'node_modules', '.bin', 'ccusage')
  }
}

const ours = { command: 'bun', args: [join(repoRoot, 'src', 'cli', 'main.ts'), 'statusline'] }
const theirs = { command: ccusageBin(), args: ['statusline', '--refresh-interval', '3600'] }
const opts = { cwd: work, env, input: payload }

// Warm-up: ours reads the transcript once (later runs read only what is new); ccusage fills its cache.
// Ours gets a generous budget here so the first read completes.
await runMeasured(ours.command, [...ours.args, '--budget-ms', '60000'], opts)
await runMeasured(theirs.command, theirs.args, opts)

const a: Measured[] = []
const b: Measured[] = []
for (let i = 0; i < runs; i++) {
  a.push(await runMeasured(ours.command, ours.args, opts))
  b.push(await runMeasured(theirs.command, theirs.args, opts))
}

for (const [name, m] of [
  ['context-cleaner', a[0]],
  ['ccusage', b[0]],
] as const)
  if (m?.exitCode !== 0 || m.stdout.trim() === '') throw new Error(`${name} statusline failed: ${m?.stderr}`)

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}
const wallRatios = a.map((m, i) => m.wallMs / (b[i]?.wallMs ?? Number.NaN))
const cpuRatios = a.map((m, i) => m.cpuS / (b[i]?.cpuS ?? Number.NaN))
const result = {
  history: { dir: dataDir, sizeMb },
  runs,
  ours: {
    wallMs: median(a.map((m) => m.wallMs)),
    cpuS: median(a.map((m) => m.cpuS)),
    line: a[0]?.stdout.trim(),
  },
  ccusage: {
    wallMs: median(b.map((m) => m.wallMs)),
    cpuS: median(b.map((m) => m.cpuS)),
    line: b[0]?.stdout.trim(),
  },
  ratio: { wall: median(wallRatios), cpu: median(cpuRatios) },
}
process.stdout.write(
  `statusline on a ${sizeMb} MB history, ${runs} runs each, alternating (medians)\n` +
    `  context-cleaner  ${result.ours.wallMs.toFixed(0)} ms wall, ${(result.ours.cpuS * 1000).toFixed(0)} ms cpu\n` +
    `  ccusage cached   ${result.ccusage.wallMs.toFixed(0)} ms wall, ${(result.ccusage.cpuS * 1000).toFixed(0)} ms cpu\n` +
    `  ratio (pairwise) ${result.ratio.wall.toFixed(3)}x wall, ${result.ratio.cpu.toFixed(3)}x cpu\n` +
    `${JSON.stringify(result)}\n`,
)
