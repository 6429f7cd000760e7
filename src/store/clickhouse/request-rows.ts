// Records to ClickHouse rows. Column names match the embedded store's; reads come back with the `r_`
// prefix of the deduplicating subquery (requests-sql.ts) and are mapped by ../read-rows.ts.

import { type ApiRequestRecord, totalTokens } from '../../model/records.ts'

// Most tokens wins, then a copy with a cost, then one with a duration (ReplacingMergeTree keeps the max).
function rowVersion(r: ApiRequestRecord): number {
  return totalTokens(r) * 4 + (r.costUsd === null ? 0 : 2) + (r.durationMs === null ? 0 : 1)
}

export function requestRow(r: ApiRequestRecord): Record<string, unknown> {
  return {
    key: r.key,
    message_id: r.messageId,
    request_id: r.requestId,
    session_id: r.sessionId,
    project: r.project,
    model: r.model,
    ts: r.timestamp,
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    cache_creation_tokens: r.cacheCreationTokens,
    cache_creation_5m_tokens: r.cacheCreation5mTokens,
    cache_creation_1h_tokens: r.cacheCreation1hTokens,
    cache_read_tokens: r.cacheReadTokens,
    total_tokens: totalTokens(r),
    cost_usd: r.costUsd,
    duration_ms: r.durationMs,
    git_branch: r.gitBranch,
    version: r.version,
    is_sidechain: r.isSidechain ? 1 : 0,
    agent_id: r.agentId,
    source: r.source,
    row_version: rowVersion(r),
  }
}
