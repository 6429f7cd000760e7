#!/usr/bin/env bun
// Start-up, side by side in one run: `context-cleaner --help` and `statusline` against a bare Bun start
// (`bun -e 0`, issue #15: within 2x), and `statusline` against `ccusage statusline` in its cached mode
// (issue #14: a refresh interval of an hour, so every counted run is a cache hit; ours gets the same
// option). Each is run from source (`bun src/cli/main.ts`) and as the executable `bun run build` makes.
// The statusline reads a store the synthetic history was imported into (not timed) and the history's
// largest session as its payload; warm-up runs until its line is stable (the transcript read caught up).
// `statusline full` is ours with `--refresh-interval 0`: every figure read again (store, transcript).
// Every round runs each command once, in turn; ratios are medians of the per-round ratios.
// CPU is the child's own user+system time (getrusage, microseconds), steadier than wall time on a
// shared machine.
// Usage: bun bench/startup-vs-bun.ts [--size-mb 200] [--runs 15] [--data DIR] [--no-build]

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { buildExecutable, defaultExecutable } from '../scripts/build-executable.ts'

const repoRoot = resolve(import.meta.dir, '..')
const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '200' },
    runs: { type: 'string', default: '15' },
    data: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
})
const sizeMb = Number(values['size-mb'])
const runs = Number(values.runs)
const dataDir = resolve(values.data ?? join(repoRoot, '.bench', `history-${sizeMb}mb`))
const claudeDir = join(dataDir, 'claude')
const log = (text: string) => process.stderr.write(`${text}\n`)

if (!existsSync(claudeDir)) {
  log(`generating a ${sizeMb} MB history in ${dataDir}`)
  await execa(
    'bun',
    [join(repoRoot, 'bench', 'synthetic-history.ts'), '--size-mb', String(sizeMb), '--out', dataDir],
    {
      stdout: 'ignore',
      stderr: 'inherit',
    },
  )
}
if (!values['no-build'] || !existsSync(defaultExecutable)) {
  log('building the executable (not timed)')
  await buildExecutable()
}

const work = join(dataDir, 'startup-bench')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  CONTEXT_CLEANER_HOME: join(work, 'cc'),
  CLAUDE_CONFIG_DIR: claudeDir,
}
log('importing the history into a fresh store (not timed)')
await execa('bun', [join(repoRoot, 'src', 'cli', 'main.ts'), 'import'], { env, stdout: 'ignore' })

// The largest main transcript: the session whose tail ours reads.
const transcript =
  readdirSync(join(claudeDir, 'projects'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl') && !f.includes('subagents'))
    .map((f) => join(claudeDir, 'projects', f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? ''
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

interface Sample {
  wallMs: number
  cpuMs: number
  exitCode: number
  stdout: string
}

async function measure(argv: readonly string[], stdin?: string): Promise<Sample> {
  const started = performance.now()
  const proc = Bun.spawn([...argv], {
    cwd: work,
    env,
    stdin: stdin === undefined ? 'ignore' : new Blob([stdin]),
    stdout: 'pipe',
    stderr: 'ignore',
  })
  const stdout = await new Response(proc.stdout).text()
  const exitCode = await proc.exited
  const wallMs = performance.now() - started
  const cpu = proc.resourceUsage()?.cpuTime.total ?? 0n
  return { wallMs, cpuMs: Number(cpu) / 1000, exitCode, stdout }
}

const source = ['bun', join(repoRoot, 'src', 'cli', 'main.ts')]
const exe = [defaultExecutable]
const cached = ['statusline', '--refresh-interval', '3600']
const commands = {
  'bun -e 0': { argv: ['bun', '-e', '0'] },
  '--help (source)': { argv: [...source, '--help'] },
  '--help (executable)': { argv: [...exe, '--help'] },
  'statusline cached (source)': { argv: [...source, ...cached], stdin: payload },
  'statusline cached (executable)': { argv: [...exe, ...cached], stdin: payload },
  'statusline full (executable)': { argv: [...exe, 'statusline', '--refresh-interval', '0'], stdin: payload },
  'ccusage statusline cached': { argv: [ccusageBin(), ...cached], stdin: payload },
} as const satisfies Record<string, { argv: readonly string[]; stdin?: string }>
type Name = keyof typeof commands

// Warm-up: ours reads the session's transcripts (2 MB a run) until its line stops changing, with a
// generous budget; ccusage fills its cache.
let line = ''
for (let i = 0; i < 30; i++) {
  const r = await measure(
    [...source, 'statusline', '--budget-ms', '60000', '--refresh-interval', '0'],
    payload,
  )
  if (r.stdout === line) break
  line = r.stdout
}
for (const name of Object.keys(commands) as Name[]) {
  const c: { argv: readonly string[]; stdin?: string } = commands[name]
  const r = await measure(c.argv, c.stdin)
  if (r.exitCode !== 0 || (name !== 'bun -e 0' && r.stdout.trim() === ''))
    throw new Error(`${name} failed (exit ${r.exitCode})`)
}

const samples = Object.fromEntries(Object.keys(commands).map((n) => [n, [] as Sample[]])) as Record<
  Name,
  Sample[]
>
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(commands) as Name[]) {
    const c: { argv: readonly string[]; stdin?: string } = commands[name]
    samples[name].push(await measure(c.argv, c.stdin))
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((x, y) => x - y)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}
const ratio = (a: Name, b: Name, key: 'wallMs' | 'cpuMs') =>
  median(samples[a].map((m, i) => m[key] / (samples[b][i]?.[key] ?? Number.NaN)))
const figures = Object.fromEntries(
  (Object.keys(commands) as Name[]).map((n) => [
    n,
    {
      wallMs: median(samples[n].map((m) => m.wallMs)),
      cpuMs: median(samples[n].map((m) => m.cpuMs)),
      vsBareBun: { wall: ratio(n, 'bun -e 0', 'wallMs'), cpu: ratio(n, 'bun -e 0', 'cpuMs') },
    },
  ]),
)
const vsCcusage = (n: Name) => ({
  wall: ratio(n, 'ccusage statusline cached', 'wallMs'),
  cpu: ratio(n, 'ccusage statusline cached', 'cpuMs'),
})
const result = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', loadavg: loadavg() },
  history: { dir: dataDir, sizeMb },
  runs,
  figures,
  statuslineVsCcusage: {
    'statusline cached (source)': vsCcusage('statusline cached (source)'),
    'statusline cached (executable)': vsCcusage('statusline cached (executable)'),
    'statusline full (executable)': vsCcusage('statusline full (executable)'),
  },
  lines: {
    ours: samples['statusline cached (source)'][0]?.stdout.trim(),
    oursFull: samples['statusline full (executable)'][0]?.stdout.trim(),
    ccusage: samples['ccusage statusline cached'][0]?.stdout.trim(),
  },
}
const pad = (s: string, n: number) => s.padEnd(n)
let text = `start-up on a ${sizeMb} MB history, ${runs} rounds, load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores (medians; ratios per round)\n`
text += `  ${pad('', 32)} ${pad('wall ms', 9)} ${pad('cpu ms', 8)} ${pad('vs bun -e 0 (wall / cpu)', 26)}\n`
for (const [n, f] of Object.entries(figures))
  text += `  ${pad(n, 32)} ${pad(f.wallMs.toFixed(1), 9)} ${pad(f.cpuMs.toFixed(1), 8)} ${f.vsBareBun.wall.toFixed(2)}x / ${f.vsBareBun.cpu.toFixed(2)}x\n`
for (const [n, r] of Object.entries(result.statuslineVsCcusage))
  text += `  ${pad(`${n} vs ccusage cached`, 50)} ${r.wall.toFixed(2)}x wall, ${r.cpu.toFixed(2)}x cpu\n`
process.stdout.write(`${text}${JSON.stringify(result)}\n`)
