// Pure: benchmark samples and the cross-check as a table for people and one JSON object for tools.

import Table from 'cli-table3'
import type { HistoryManifest } from '../synthetic-history.ts'
import { type CrossCheck, tokensAgree } from './cross-check.ts'
import type { TokenMismatch } from './daily-comparison.ts'

export interface Sample {
  ms: number
  peakKb: number
  cpuS: number
}

/** How our CLI was run: `bun src/cli/main.ts`, or the executable `bun run build` makes. */
export type Program = 'executable' | 'source'

export const programLabels: Record<Program, string> = {
  executable: 'executable',
  source: 'bun src',
}

export interface OurSamples {
  imports: Sample[]
  firstReports: Sample[]
  warm: Sample[]
  single: Sample[]
}

/** Start-up: a bare `bun -e 0` against `--help` and `statusline`, measured in turn in each run. */
export interface StartupSamples {
  bare: Sample[]
  help: Sample[]
  statusline: Sample[]
}

export interface Samples {
  ccusage: Sample[]
  ours: Partial<Record<Program, OurSamples>>
  startup: Partial<Record<Program, StartupSamples>>
}

interface Row {
  seconds: number[]
  medianS: number
  medianCpuS: number
  peakMb: number
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

function row(samples: readonly Sample[]): Row {
  const seconds = samples.map((s) => s.ms / 1000)
  return {
    seconds,
    medianS: median(seconds),
    medianCpuS: median(samples.map((s) => s.cpuS)),
    peakMb: Math.max(0, ...samples.map((s) => s.peakKb)) / 1024,
  }
}

/**
 * The median of per-run ratios: each of our samples against the sample of `base` taken in the same run
 * (`per` of ours per run). On a shared machine whose speed drifts, pairs taken moments apart compare
 * like with like, where a ratio of medians mixes quiet and busy minutes.
 */
export function pairedRatio(ours: readonly Sample[], base: readonly Sample[], per = 1): number {
  return median(
    ours.flatMap((o, i) =>
      base[Math.floor(i / per)] ? [o.ms / (base[Math.floor(i / per)] as Sample).ms] : [],
    ),
  )
}

function summarizeOurs(s: OurSamples, cc: readonly Sample[]) {
  const cold = s.imports.map((imp, i) => ({
    ms: imp.ms + (s.firstReports[i]?.ms ?? 0),
    peakKb: Math.max(imp.peakKb, s.firstReports[i]?.peakKb ?? 0),
    cpuS: imp.cpuS + (s.firstReports[i]?.cpuS ?? 0),
  }))
  return {
    cold: row(cold),
    imports: row(s.imports),
    firstReports: row(s.firstReports),
    single: row(s.single),
    warm: row(s.warm),
    paired: {
      cold: pairedRatio(cold, cc),
      single: pairedRatio(s.single, cc),
      warm: pairedRatio(s.warm, cc, s.warm.length / Math.max(1, cc.length)),
    },
  }
}

function summarizeStartup(s: StartupSamples) {
  return {
    bare: row(s.bare),
    help: row(s.help),
    statusline: row(s.statusline),
    paired: { help: pairedRatio(s.help, s.bare), statusline: pairedRatio(s.statusline, s.bare) },
  }
}
type OurSummary = ReturnType<typeof summarizeOurs>

export function summarize(s: Samples) {
  const ours: Partial<Record<Program, OurSummary>> = {}
  for (const program of programs(s.ours))
    ours[program] = summarizeOurs(s.ours[program] as OurSamples, s.ccusage)
  const startup: Partial<Record<Program, ReturnType<typeof summarizeStartup>>> = {}
  for (const program of programs(s.startup))
    startup[program] = summarizeStartup(s.startup[program] as StartupSamples)
  return { ccusage: row(s.ccusage), ours, startup }
}

/** The programs measured, the executable first. */
export function programs<T>(ours: Partial<Record<Program, T>>): Program[] {
  return (['executable', 'source'] as const).filter((p) => ours[p] !== undefined)
}

type Summary = ReturnType<typeof summarize>

const brief = (r: Row) => ({ medianS: r.medianS, cpuS: r.medianCpuS, peakMb: r.peakMb, runsS: r.seconds })

/** Issue #15's goals: ratios to ccusage (cold, warm) and to a bare Bun start (start-up). */
const TARGET = { cold: 0.5, warm: 0.1, startup: 2 } as const

export function renderResults(input: {
  manifest: HistoryManifest
  ccusageLabel: string
  memorySource: string
  loadAverage: string
  tree: string
  runs: number
  summary: Summary
  check: CrossCheck
}) {
  const { manifest: m, summary: s, check: c } = input
  const measured = programs(s.ours).map((program) => ({ program, r: s.ours[program] as OurSummary }))
  const peakTarget =
    Math.max(0, ...measured.map(({ r }) => Math.max(r.cold.peakMb, r.warm.peakMb, r.single.peakMb))) <=
    s.ccusage.peakMb
  const t = new Table({
    head: ['Command', 'Median s', 'Runs (s)', 'Paired ratio', 'Goal', 'CPU s', 'Peak MB'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'left', 'right', 'left', 'right', 'right'],
  })
  const line = (name: string, r: Row, target: string, ratio = Number.NaN, digits = 2) =>
    r.seconds.length === 0
      ? []
      : [
          [
            name,
            r.medianS.toFixed(digits),
            r.seconds.map((x) => x.toFixed(digits)).join(' '),
            Number.isNaN(ratio) ? '' : ratio.toFixed(2),
            target,
            r.medianCpuS.toFixed(2),
            r.peakMb.toFixed(0),
          ],
        ]
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
  const goal = (ratio: number, target: number) => `<= ${target} ${verdict(ratio <= target)}`
  t.push(...line(input.ccusageLabel, s.ccusage, `peak ${s.ccusage.peakMb.toFixed(0)} MB`))
  for (const { program, r } of measured) {
    const ours = `ours (${programLabels[program]})`
    t.push(
      ...line(`${ours} cold: import + report daily`, r.cold, goal(r.paired.cold, TARGET.cold), r.paired.cold),
      ...line('  of which import', r.imports, ''),
      ...line('  of which report daily', r.firstReports, ''),
      ...line(
        `${ours} cold: report daily alone`,
        r.single,
        goal(r.paired.single, TARGET.cold),
        r.paired.single,
      ),
      ...line(`${ours} warm: report daily`, r.warm, goal(r.paired.warm, TARGET.warm), r.paired.warm),
    )
  }
  for (const program of programs(s.startup)) {
    const u = s.startup[program] as ReturnType<typeof summarizeStartup>
    const ours = `ours (${programLabels[program]})`
    t.push(
      ...line(`bun -e 0 (bare start, beside ${programLabels[program]})`, u.bare, '', Number.NaN, 3),
      ...line(`${ours} --help`, u.help, goal(u.paired.help, TARGET.startup), u.paired.help, 3),
      ...line(
        `${ours} statusline`,
        u.statusline,
        goal(u.paired.statusline, TARGET.startup),
        u.paired.statusline,
        3,
      ),
    )
  }
  const st = m.stats
  const header = [
    `History: ${(st.bytes / 1048576).toFixed(0)} MB, ${st.files} files (${st.subagentFiles} sub-agent), ${st.sessions} sessions (${st.resumedSessions} resumed), ${st.lines.toLocaleString('en-US')} lines, seed ${m.seed}`,
    `         ${st.uniqueResponses.toLocaleString('en-US')} API responses in ${st.usageLines.toLocaleString('en-US')} usage lines (${st.progressLines} progress, ${st.copiedLines} copied by resume), ${st.syntheticLines} <synthetic>, largest line ${(st.largestLineBytes / 1024).toFixed(0)} KB`,
    `Tree: ${input.tree}; ${input.ccusageLabel}; ours as ${measured.map(({ program }) => (program === 'source' ? '`bun src/cli/main.ts` (bun src)' : 'the executable of `bun run build`')).join(' and ')}`,
    `Runs: ${input.runs} each (warm: 2 per run), wall clock; CPU s = user + system (median); machine load at start ${input.loadAverage}`,
    `Ratios: the median of per-run pairs (ours against ccusage, or the start-up against \`bun -e 0\`, measured moments apart)`,
    `Peak memory (max over runs) from ${input.memorySource}; goal: ours <= ccusage's (${s.ccusage.peakMb.toFixed(0)} MB): ${verdict(peakTarget)}`,
  ]
  const agree = tokensAgree(c)
  const mismatch = (label: string, xs: TokenMismatch[]) =>
    `  ${label}: ${
      xs.length === 0
        ? 'equal'
        : `${xs.length} differences, e.g. ${xs
            .slice(0, 3)
            .map((x) => `${x.date} ${x.model ?? 'all'} ${x.field} ${x.left} vs ${x.right}`)
            .join('; ')}`
    }`
  const usd = (x: number) => `$${x.toFixed(4)}`
  const cross = [
    `Cross-check (days: ours ${c.days.ours}, ccusage ${c.days.ccusage}, expected ${c.days.expected}; ours identical across all runs: ${c.oursStable}):`,
    mismatch('tokens ours vs expected', c.tokens.oursVsExpected),
    mismatch('tokens ccusage vs expected', c.tokens.ccusageVsExpected),
    mismatch('tokens ours vs ccusage', c.tokens.oursVsCcusage),
    `  requests: ours ${c.requests.ours}, import newRequests ${c.importSummary.newRequests}, expected ${c.requests.expected}; usage lines read ${c.importSummary.apiResponses} of ${c.importSummary.usageLines}; skipped ${JSON.stringify(c.importSummary.skipped)}`,
    `  cost: ours ${usd(c.cost.ours)}, expected (per-request pricing) ${usd(c.cost.expected)}, max day diff ${c.cost.maxDayDiffVsExpected.toExponential(2)}; ccusage ${usd(c.cost.ccusage)} (ours - ccusage ${usd(c.cost.ours - c.cost.ccusage)})`,
    '  cost by model, ours vs ccusage:',
    ...c.cost.byModelVsCcusage.map(
      (d) =>
        `    ${d.key.padEnd(28)} ${usd(d.left).padStart(14)} ${usd(d.right).padStart(14)} ${d.percent.toFixed(3).padStart(8)}%`,
    ),
    `  days whose cost differs from ccusage by > $0.005: ${c.cost.daysVsCcusage.length}${
      c.cost.daysVsCcusage.length
        ? `, largest ${c.cost.daysVsCcusage
            .slice(0, 3)
            .map((d) => `${d.key} ${usd(d.diff)}`)
            .join(', ')}`
        : ''
    }`,
    `  tokens agree: ${agree ? 'YES' : 'NO'}`,
  ]
  const json = {
    bench: 'import-vs-ccusage',
    sizeMb: m.sizeMb,
    bytes: st.bytes,
    files: st.files,
    apiResponses: st.uniqueResponses,
    runs: input.runs,
    loadAverage: input.loadAverage,
    tree: input.tree,
    ccusage: { label: input.ccusageLabel, ...brief(s.ccusage) },
    ours: Object.fromEntries(
      measured.map(({ program, r }) => [
        program,
        {
          cold: {
            ...brief(r.cold),
            ratio: r.paired.cold,
            importS: r.imports.medianS,
            reportS: r.firstReports.medianS,
          },
          coldSingle: r.single.seconds.length ? { ...brief(r.single), ratio: r.paired.single } : null,
          warm: { ...brief(r.warm), ratio: r.paired.warm },
          startup: s.startup[program]
            ? {
                bareS: s.startup[program].bare.medianS,
                helpS: s.startup[program].help.medianS,
                statuslineS: s.startup[program].statusline.medianS,
                helpRatio: s.startup[program].paired.help,
                statuslineRatio: s.startup[program].paired.statusline,
              }
            : null,
          goals: {
            coldRatio: r.paired.cold <= TARGET.cold,
            warmRatio: r.paired.warm <= TARGET.warm,
            ...(s.startup[program]
              ? {
                  helpRatio: s.startup[program].paired.help <= TARGET.startup,
                  statuslineRatio: s.startup[program].paired.statusline <= TARGET.startup,
                }
              : {}),
          },
        },
      ]),
    ),
    peakAtMostCcusage: peakTarget,
    crossCheck: {
      tokensAgree: agree,
      oursStable: c.oursStable,
      costOurs: c.cost.ours,
      costExpected: c.cost.expected,
      costCcusage: c.cost.ccusage,
      costDiffDaysVsCcusage: c.cost.daysVsCcusage.length,
    },
  }
  return { text: [...header, t.toString(), ...cross].join('\n'), json }
}
