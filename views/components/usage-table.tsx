/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { SummaryRow } from '../../src/analytics/usage-report.ts'
import { cacheHitRate } from '../../src/model/records.ts'
import { formatInteger, formatPercent, formatTokens, formatUsd } from '../format.ts'

export interface UsageTableProps {
  caption: string
  keyLabel: string
  rows: SummaryRow[]
  /** Link for a row's key (e.g. the sessions page filtered to a project). */
  href?: (row: SummaryRow) => string
  /** Rows shown; the rest are summed into one "other" row. */
  limit?: number
  showCacheRate?: boolean
  id?: string
}

export function UsageTable({ caption, keyLabel, rows, href, limit, showCacheRate, id }: UsageTableProps) {
  // An empty table keeps its title, so the card says what would be there.
  if (rows.length === 0)
    return (
      <table class="data" id={id}>
        <caption safe>{caption}</caption>
        <tbody>
          <tr>
            <td class="empty">No usage in this range.</td>
          </tr>
        </tbody>
      </table>
    )
  const total = rows.reduce((n, r) => n + r.totalCost, 0)
  const shown = limit === undefined ? rows : rows.slice(0, limit)
  const rest = limit === undefined ? [] : rows.slice(limit)
  return (
    <table class="data" id={id}>
      <caption safe>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {keyLabel}
          </th>
          <th scope="col" class="num">
            Requests
          </th>
          <th scope="col" class="num">
            Tokens
          </th>
          {showCacheRate ? (
            <th scope="col" class="num">
              Cache hit rate
            </th>
          ) : (
            ''
          )}
          <th scope="col" class="num">
            Cost
          </th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((r) => (
          <tr>
            <td class="key" title={r.key}>
              {href ? (
                <a href={href(r)} safe>
                  {r.key}
                </a>
              ) : (
                <span safe>{r.key}</span>
              )}
              {r.unpricedModels.length > 0 ? (
                <span class="badge warn" title="Some tokens have no known price: their cost is missing">
                  unpriced
                </span>
              ) : (
                ''
              )}
            </td>
            <td class="num" safe>
              {formatInteger(r.requests)}
            </td>
            <td class="num" safe>
              {formatTokens(r.totalTokens)}
            </td>
            {showCacheRate ? (
              <td class="num" safe>
                {formatPercent(cacheHitRate(r))}
              </td>
            ) : (
              ''
            )}
            <td class="num" safe>
              {formatUsd(r.totalCost)}
            </td>
            <td>
              <meter min={0} max={1} value={total > 0 ? r.totalCost / total : 0} />
            </td>
          </tr>
        ))}
        {rest.length > 0 ? (
          <tr class="other">
            <td safe>{`${rest.length} more`}</td>
            <td class="num" safe>
              {formatInteger(rest.reduce((n, r) => n + r.requests, 0))}
            </td>
            <td class="num" safe>
              {formatTokens(rest.reduce((n, r) => n + r.totalTokens, 0))}
            </td>
            {showCacheRate ? <td class="num" /> : ''}
            <td class="num" safe>
              {formatUsd(rest.reduce((n, r) => n + r.totalCost, 0))}
            </td>
            <td />
          </tr>
        ) : (
          ''
        )}
      </tbody>
    </table>
  )
}
