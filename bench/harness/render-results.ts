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

export interface Samples {
  ccusage: Sample[]
  ours: Partial<Record<Program, OurSamples>>
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

function summarizeOurs(s: OurSamples) {
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
  }
}
type OurSummary = ReturnType<typeof summarizeOurs>

export function summarize(s: Samples) {
  const ours: Partial<Record<Program, OurSummary>> = {}
  for (const program of programs(s.ours)) ours[program] = summarizeOurs(s.ours[program] as OurSamples)
  return { ccusage: row(s.ccusage), ours }
}

/** The programs measured, the executable first. */
export function programs<T>(ours: Partial<Record<Program, T>>): Program[] {
  return (['executable', 'source'] as const).filter((p) => ours[p] !== undefined)
}

type Summary = ReturnType<typeof summarize>

const brief = (r: Row) => ({ medianS: r.medianS, cpuS: r.medianCpuS, peakMb: r.peakMb, runsS: r.seconds })

const TARGET = { cold: 1.0, warm: 0.1, peakMb: 150 } as const

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
  const base = s.ccusage.medianS
  const ratio = (r: Row) => r.medianS / base
  const measured = programs(s.ours).map((program) => ({ program, r: s.ours[program] as OurSummary }))
  const peakTarget =
    Math.max(0, ...measured.map(({ r }) => Math.max(r.cold.peakMb, r.warm.peakMb, r.single.peakMb))) <
    TARGET.peakMb
  const t = new Table({
    head: ['Command', 'Median s', 'Runs (s)', 'Ratio to ccusage', 'Target', 'CPU s', 'Peak MB'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'left', 'right', 'left', 'right', 'right'],
  })
  const line = (name: string, r: Row, target: string) =>
    r.seconds.length === 0
      ? []
      : [
          [
            name,
            r.medianS.toFixed(2),
            r.seconds.map((x) => x.toFixed(2)).join(' '),
            ratio(r).toFixed(2),
            target,
            r.medianCpuS.toFixed(2),
            r.peakMb.toFixed(0),
          ],
        ]
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
  t.push(...line(input.ccusageLabel, s.ccusage, ''))
  for (const { program, r } of measured) {
    const ours = `ours (${programLabels[program]})`
    t.push(
      ...line(
        `${ours} cold: import + report daily`,
        r.cold,
        `<= ${TARGET.cold} ${verdict(ratio(r.cold) <= TARGET.cold)}`,
      ),
      ...line('  of which import', r.imports, ''),
      ...line('  of which report daily', r.firstReports, ''),
      ...line(
        `${ours} cold: report daily alone`,
        r.single,
        `<= ${TARGET.cold} ${verdict(ratio(r.single) <= TARGET.cold)}`,
      ),
      ...line(
        `${ours} warm: report daily`,
        r.warm,
        `<= ${TARGET.warm} ${verdict(ratio(r.warm) <= TARGET.warm)}`,
      ),
    )
  }
  const st = m.stats
  const header = [
    `History: ${(st.bytes / 1048576).toFixed(0)} MB, ${st.files} files (${st.subagentFiles} sub-agent), ${st.sessions} sessions (${st.resumedSessions} resumed), ${st.lines.toLocaleString('en-US')} lines, seed ${m.seed}`,
    `         ${st.uniqueResponses.toLocaleString('en-US')} API responses in ${st.usageLines.toLocaleString('en-US')} usage lines (${st.progressLines} progress, ${st.copiedLines} copied by resume), ${st.syntheticLines} <synthetic>, largest line ${(st.largestLineBytes / 1024).toFixed(0)} KB`,
    `Tree: ${input.tree}; ${input.ccusageLabel}; ours as ${measured.map(({ program }) => (program === 'source' ? '`bun src/cli/main.ts` (bun src)' : 'the executable of `bun run build`')).join(' and ')}`,
    `Runs: ${input.runs} each (warm: 2 per run), wall clock; CPU s = user + system (median); machine load at start ${input.loadAverage}`,
    `Peak memory (max over runs) from ${input.memorySource}; peak target < ${TARGET.peakMb} MB: ${verdict(peakTarget)}${m.sizeMb < 1024 ? ' (target applies to the 1 GB history)' : ''}`,
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
            ratio: ratio(r.cold),
            importS: r.imports.medianS,
            reportS: r.firstReports.medianS,
          },
          coldSingle: r.single.seconds.length ? { ...brief(r.single), ratio: ratio(r.single) } : null,
          warm: { ...brief(r.warm), ratio: ratio(r.warm) },
          targets: { coldRatio: ratio(r.cold) <= TARGET.cold, warmRatio: ratio(r.warm) <= TARGET.warm },
        },
      ]),
    ),
    peakUnder150Mb: peakTarget,
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
