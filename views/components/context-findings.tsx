/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// What the analysis found in a session's context (each with where it is and the tokens it holds), and
// what to do about it, each action with the tokens it would save.

import type { Finding, FindingKind, Recommendation } from '../../src/analytics/context/context-types.ts'
import { formatInteger } from '../format.ts'

const findingLabels = {
  'repeated-read': 'Repeated read',
  'duplicate-output': 'Duplicate output',
  'stale-read': 'Stale read',
  'resolved-error': 'Fixed error',
  'unused-output': 'Unused output',
  'huge-paste': 'Huge paste',
} as const satisfies Record<FindingKind, string>

/** More rows than anyone reads in a table; the CLI's `--json` has them all. */
const FINDINGS_SHOWN = 200

export function FindingsTable({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0)
    return <p class="empty">No findings: nothing in this context is repeated, stale or oversized.</p>
  const total = findings.reduce((n, f) => n + f.tokens, 0)
  const shown = [...findings].sort((a, b) => b.tokens - a.tokens).slice(0, FINDINGS_SHOWN)
  return (
    <div>
      <p class="muted" id="findings-total" safe>
        {`${formatInteger(findings.length)} findings holding ${formatInteger(total)} tokens${
          findings.length > shown.length ? ` · the ${shown.length} largest are shown` : ''
        }`}
      </p>
      <table class="data" id="findings">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">What</th>
            <th scope="col">Where</th>
            <th scope="col" class="num">
              Tokens
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr class={`finding finding-${f.kind}`}>
              <td>{findingLabels[f.kind]}</td>
              <td>
                <span safe>{f.description}</span>
                {f.tool === null && f.target === null ? (
                  ''
                ) : (
                  <div class="muted mono" safe>
                    {[f.tool, f.target].filter((v) => v !== null).join(' · ')}
                  </div>
                )}
              </td>
              <td class="nowrap" safe>
                {`line ${f.location.line}${
                  f.supersededBy === null
                    ? ''
                    : ` → line ${f.supersededBy.line}${f.supersededByTool ? ` (${f.supersededByTool})` : ''}`
                }`}
              </td>
              <td class="num" safe>
                {formatInteger(f.tokens)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function Recommendations({ items }: { items: readonly Recommendation[] }) {
  if (items.length === 0) return <p class="empty">None: this context is in good shape.</p>
  return (
    <ol class="recommendations" id="recommendations">
      {items.map((r) => (
        <li>
          <span class="what" safe>
            {r.title}
          </span>{' '}
          <span class="saves" safe>
            {`saves ~${formatInteger(r.tokensSaved)} tokens`}
          </span>
          {r.command === null ? (
            ''
          ) : (
            <pre class="command">
              <code safe>{r.command}</code>
            </pre>
          )}
        </li>
      ))}
    </ol>
  )
}
