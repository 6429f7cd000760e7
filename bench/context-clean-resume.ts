// Measures what a cleaned session saves when Claude Code resumes it: for each scenario, the real Claude
// Code (the devDependency, or CLAUDE_BIN) builds a session against the stand-in Messages API,
// `context clean` cleans it with its defaults, and both the copy and the original are resumed with the
// same prompt. Prints the README's table: tool-result characters and tokens sent by each resume (tokens
// as the stand-in counts them, 4 bytes each), the tokens the cleaner planned to remove, and the
// prompt-cache break-even it computed.
//
//   bun bench/context-clean-resume.ts [--json]

import { parseArgs } from 'node:util'
import { cleanScenarios, runScenario, toolResultReduction } from '../test/helpers/clean-scenarios.ts'

const { values } = parseArgs({ options: { json: { type: 'boolean' } } })
const n = (v: number) => Math.round(v).toLocaleString('en-US')
const out = (line: string) => process.stdout.write(`${line}\n`)
const pct = (v: number) => `${Math.round(v * 100)}%`

const rows = []
for (const scenario of cleanScenarios) {
  const o = await runScenario(scenario)
  try {
    rows.push({
      scenario: o.name,
      toolResultChars: { original: o.original.toolResultChars, cleaned: o.cleaned.toolResultChars },
      toolResultReduction: toolResultReduction(o),
      tokensSent: { original: o.original.tokens, cleaned: o.cleaned.tokens },
      tokensPlanned: o.plan.tokensSaved,
      breakEvenRequests: o.plan.cost.breakEvenRequests,
      verdict: o.plan.cost.verdict,
    })
  } finally {
    o.sandbox.cleanup()
  }
}

if (values.json) out(JSON.stringify(rows, null, 2))
else {
  out(
    '| session | tool-result chars sent on resume | tokens sent on resume | tokens removed (planned) | break-even |',
  )
  out('| --- | --- | --- | --- | --- |')
  for (const r of rows) {
    const even =
      r.breakEvenRequests === null
        ? 'never'
        : r.breakEvenRequests === 0
          ? 'at once'
          : `${r.breakEvenRequests} requests`
    out(
      `| ${r.scenario} | ${n(r.toolResultChars.original)} → ${n(r.toolResultChars.cleaned)} (−${pct(r.toolResultReduction)}) | ${n(r.tokensSent.original)} → ${n(r.tokensSent.cleaned)} (−${pct(1 - r.tokensSent.cleaned / r.tokensSent.original)}) | ${n(r.tokensPlanned)} | ${even} (${r.verdict}) |`,
    )
  }
}
