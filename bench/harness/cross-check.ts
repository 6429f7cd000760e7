// Pure: the correctness half of the benchmark. Our daily report must equal the generator's totals
// token for token and ccusage's too; costs are compared and their differences listed.

import type { HistoryManifest } from '../synthetic-history.ts'
import {
  type CostDiff,
  costByDay,
  costByModel,
  expectedDaily,
  parseDailyReport,
  type TokenMismatch,
  tokenMismatches,
  totalCost,
} from './daily-comparison.ts'

export interface CrossCheck {
  days: { ours: number; ccusage: number; expected: number }
  /** Every run of ours printed the same report (cold, after import, warm). */
  oursStable: boolean
  tokens: {
    oursVsExpected: TokenMismatch[]
    ccusageVsExpected: TokenMismatch[]
    oursVsCcusage: TokenMismatch[]
  }
  requests: { ours: number; expected: number }
  importSummary: {
    apiResponses: number
    usageLines: number
    newRequests: number
    skipped: Record<string, number>
  }
  cost: {
    ours: number
    expected: number
    ccusage: number
    /** Largest per-day |ours - expected| (float summation order only, if correct). */
    maxDayDiffVsExpected: number
    byModelVsCcusage: CostDiff[]
    daysVsCcusage: CostDiff[]
  }
}

export function crossCheck(
  manifest: HistoryManifest,
  outputs: { ccusage: string; ours: readonly string[]; importSummary: string },
): CrossCheck {
  const oursJson = JSON.parse(outputs.ours[0] ?? '{}') as { daily?: { requests?: number }[] }
  const ours = parseDailyReport(oursJson)
  const ccusage = parseDailyReport(JSON.parse(outputs.ccusage))
  const expected = expectedDaily(manifest.expected)
  const summary = JSON.parse(outputs.importSummary) as {
    apiResponses: number
    newRequests: number
    skipped: Record<string, number>
  }
  const dayDiffs = costByDay(ours, expected, 0)
  return {
    days: { ours: ours.size, ccusage: ccusage.size, expected: expected.size },
    oursStable: outputs.ours.every((o) => o === outputs.ours[0]),
    tokens: {
      oursVsExpected: tokenMismatches(ours, expected),
      ccusageVsExpected: tokenMismatches(ccusage, expected),
      oursVsCcusage: tokenMismatches(ours, ccusage),
    },
    requests: {
      ours: (oursJson.daily ?? []).reduce((n, d) => n + (d.requests ?? 0), 0),
      expected: manifest.expected.totals.requests,
    },
    importSummary: {
      apiResponses: summary.apiResponses,
      usageLines: manifest.stats.usageLines,
      newRequests: summary.newRequests,
      skipped: Object.fromEntries(Object.entries(summary.skipped).filter(([, n]) => n > 0)),
    },
    cost: {
      ours: totalCost(ours),
      expected: totalCost(expected),
      ccusage: totalCost(ccusage),
      maxDayDiffVsExpected: Math.max(0, ...dayDiffs.map((d) => Math.abs(d.diff))),
      byModelVsCcusage: costByModel(ours, ccusage),
      daysVsCcusage: costByDay(ours, ccusage, 0.005),
    },
  }
}

export function tokensAgree(c: CrossCheck): boolean {
  return (
    c.tokens.oursVsExpected.length === 0 &&
    c.tokens.ccusageVsExpected.length === 0 &&
    c.tokens.oursVsCcusage.length === 0 &&
    c.requests.ours === c.requests.expected &&
    c.importSummary.newRequests === c.requests.expected &&
    c.importSummary.apiResponses === c.importSummary.usageLines
  )
}
