#!/usr/bin/env bun
// Times, in one run on one synthetic history, ccusage's `daily --offline --json` (its native build)
// against our cold `import` + `report daily --json` and our warm `report daily --json`, with peak
// memory, then checks that all three daily reports (ccusage, ours, the generator's own totals) agree.
// Ours runs two ways: as the executable `bun run build` makes (built here first, not timed), and from
// source with `bun src/cli/main.ts`; both must give the same report.
// Usage: bun bench/import-vs-ccusage.ts [--size-mb 200] [--runs 3] [--seed 1] [--data DIR]
//          [--regenerate] [--skip-single] [--ours executable|source|both]
// Prints a table, the cross-check, and a final machine-readable JSON line, all on stdout.

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createConsola } from 'consola'
import { execa } from 'execa'
import { buildExecutable } from '../scripts/build-executable.ts'
import { crossCheck } from './harness/cross-check.ts'
import { type Measured, memorySource, runMeasured } from './harness/measure-process.ts'
import {
  type OurSamples,
  type Program,
  programLabels,
  programs,
  renderResults,
  type Sample,
  type StartupSamples,
  summarize,
} from './harness/render-results.ts'
import {
  defaultOutDir,
  generateHistory,
  type HistoryManifest,
  MANIFEST,
  positiveNumber,
} from './synthetic-history.ts'

// consola prints info to stdout by default; stdout carries the results here.
const log = createConsola({ stdout: process.stderr, stderr: process.stderr }).withTag('bench')
const repoRoot = resolve(import.meta.dir, '..')

function loadOrGenerate(dataDir: string, sizeMb: number, seed: number, regenerate: boolean): HistoryManifest {
  const path = join(dataDir, MANIFEST)
  if (!regenerate && existsSync(path)) {
    const m = JSON.parse(readFileSync(path, 'utf8')) as HistoryManifest
    if (m.sizeMb === sizeMb && m.seed === seed) {
      log.info(`reusing ${dataDir} (${(m.stats.bytes / 1048576).toFixed(0)} MB)`)
      return m
    }
  }
  log.start(`generating a ${sizeMb} MB history (seed ${seed}) in ${dataDir}`)
  return generateHistory({ outDir: dataDir, sizeMb, seed })
}

/** The native ccusage binary when installed (what `ccusage` execs after a Node start-up), else the wrapper. */
function resolveCcusage(): { command: string; label: string } {
  const require = createRequire(join(repoRoot, 'package.json'))
  const version = (require('ccusage/package.json') as { version: string }).version
  try {
    const pkg = require.resolve(`@ccusage/ccusage-${process.platform}-${process.arch}/package.json`)
    return { command: join(pkg, '..', 'bin', 'ccusage'), label: `ccusage ${version} (native)` }
  } catch {
    return {
      command: join(repoRoot, 'node_modules', '.bin', 'ccusage'),
      label: `ccusage ${version} (wrapper)`,
    }
  }
}

async function measure(
  label: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<Measured> {
  const m = await runMeasured(command, args, {
    cwd: repoRoot,
    env,
    ...(input === undefined ? {} : { input }),
  })
  if (m.exitCode !== 0) {
    throw new Error(`${label} exited with ${m.exitCode}:\n${m.stderr.slice(-2000)}`)
  }
  log.info(`${label}: ${(m.wallMs / 1000).toFixed(2)} s, peak ${(m.peakRssKb / 1024).toFixed(0)} MB`)
  return m
}

/** What was measured: the commit, and whether src/ had uncommitted changes (figures move with them). */
async function treeState(): Promise<string> {
  const git = (args: string[]) => execa('git', args, { cwd: repoRoot, reject: false })
  const head = await git(['rev-parse', '--short', 'HEAD'])
  if (head.exitCode !== 0) return 'unknown'
  const changed = String((await git(['status', '--porcelain', '--', 'src'])).stdout).trim()
  return changed
    ? `${String(head.stdout).trim()} + ${changed.split('\n').length} uncommitted paths in src/`
    : String(head.stdout).trim()
}

const sample = (m: Measured): Sample => ({ ms: m.wallMs, peakKb: m.peakRssKb, cpuS: m.cpuS })

/** Start-up pairs per run: each is a few milliseconds, so several keep one slow start from deciding. */
const STARTUP_REPEATS = 5
/** What Claude Code pipes to a status line command (the fields ours reads). */
const STATUSLINE_INPUT = JSON.stringify({
  session_id: 'bench-session',
  transcript_path: '/nonexistent/bench.jsonl',
  cwd: '/tmp',
  model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
  workspace: { current_dir: '/tmp', project_dir: '/tmp' },
  version: '2.1.331',
  cost: { total_cost_usd: 0.01, total_duration_ms: 1000 },
})

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      'skip-single': { type: 'boolean', default: false },
      ours: { type: 'string', default: 'both' },
    },
  })
  const which = values.ours ?? 'both'
  if (!['executable', 'source', 'both'].includes(which))
    throw new Error('--ours is executable, source or both')
  const sizeMb = positiveNumber('--size-mb', values['size-mb'], 200)
  const runs = Math.floor(positiveNumber('--runs', values.runs, 3))
  const seed = Math.floor(positiveNumber('--seed', values.seed, 1))
  const dataDir = resolve(values.data ?? defaultOutDir(sizeMb, seed))
  const manifest = loadOrGenerate(dataDir, sizeMb, seed, values.regenerate ?? false)

  const runsDir = join(repoRoot, '.bench', 'runs', String(process.pid))
  const home = join(runsDir, 'home')
  mkdirSync(home, { recursive: true })
  // A bare environment: ccusage 20 also looks for other agents' data under HOME and XDG folders.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    CLAUDE_CONFIG_DIR: manifest.claudeDir,
  }
  const ccusage = resolveCcusage()
  const ccArgs = ['daily', '--offline', '--json', '--timezone', 'UTC']
  const executable = join(runsDir, 'context-cleaner')
  const commands: Partial<Record<Program, string[]>> = {}
  if (which !== 'source') {
    log.start('building the executable (not timed)')
    commands.executable = [await buildExecutable(executable)]
  }
  if (which !== 'executable') commands.source = [process.execPath, join(repoRoot, 'src', 'cli', 'main.ts')]
  const reportArgs = ['report', 'daily', '--json', '--timezone', 'UTC']

  // Other work on the machine skews wall-clock times; the load average is printed with the results.
  const loadAverage = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
  try {
    log.start(`warm-up (page cache): ${ccusage.label}`)
    await measure('warm-up', ccusage.command, ccArgs, env)
    const samples = {
      ccusage: [] as Sample[],
      ours: {} as Partial<Record<Program, OurSamples>>,
      startup: {} as Partial<Record<Program, StartupSamples>>,
    }
    for (const program of programs(commands)) {
      samples.ours[program] = { imports: [], firstReports: [], warm: [], single: [] }
      samples.startup[program] = { bare: [], help: [], statusline: [] }
    }
    const outputs = { ccusage: '', ours: [] as string[], importSummary: '' }
    for (let i = 0; i < runs; i++) {
      log.start(`run ${i + 1} of ${runs}`)
      const cc = await measure('ccusage daily', ccusage.command, ccArgs, env)
      samples.ccusage.push(sample(cc))
      outputs.ccusage ||= cc.stdout

      for (const program of programs(commands)) {
        const [command, ...prefix] = commands[program] as string[]
        const run = (label: string, args: string[], home: string, input?: string) =>
          measure(
            `ours (${programLabels[program]}) ${label}`,
            command as string,
            [...prefix, ...args],
            { ...env, CONTEXT_CLEANER_HOME: home },
            input,
          )
        const ours = samples.ours[program] as OurSamples
        const store = join(runsDir, `store-${program}-${i}`)
        const imp = await run('import', ['import', '--json'], store)
        const first = await run('report daily (after import)', reportArgs, store)
        ours.imports.push(sample(imp))
        ours.firstReports.push(sample(first))
        outputs.importSummary ||= imp.stdout
        outputs.ours.push(first.stdout)
        for (let w = 0; w < 2; w++) {
          const warm = await run('warm report daily', reportArgs, store)
          ours.warm.push(sample(warm))
          outputs.ours.push(warm.stdout)
        }
        rmSync(store, { recursive: true, force: true })

        // Start-up, each beside a bare Bun start (the statusline reads Claude Code's JSON on stdin).
        const startup = samples.startup[program] as StartupSamples
        const startHome = join(runsDir, `start-${program}-${i}`)
        for (let k = 0; k < STARTUP_REPEATS; k++) {
          startup.bare.push(sample(await measure('bun -e 0', process.execPath, ['-e', '0'], env)))
          startup.help.push(sample(await run('--help', ['--help'], startHome)))
          startup.bare.push(sample(await measure('bun -e 0', process.execPath, ['-e', '0'], env)))
          startup.statusline.push(
            sample(await run('statusline', ['statusline'], startHome, STATUSLINE_INPUT)),
          )
        }
        rmSync(startHome, { recursive: true, force: true })

        if (!values['skip-single']) {
          const singleHome = join(runsDir, `single-${program}-${i}`)
          const single = await run('cold report daily (one process)', reportArgs, singleHome)
          ours.single.push(sample(single))
          outputs.ours.push(single.stdout)
          rmSync(singleHome, { recursive: true, force: true })
        }
      }
    }

    const summary = summarize(samples)
    const check = crossCheck(manifest, outputs)
    const { text, json } = renderResults({
      manifest,
      ccusageLabel: ccusage.label,
      memorySource: memorySource(),
      loadAverage,
      tree: await treeState(),
      runs,
      summary,
      check,
    })
    await Bun.write(Bun.stdout, `${text}\n${JSON.stringify(json)}\n`)
  } finally {
    rmSync(runsDir, { recursive: true, force: true })
  }
}

await main()
