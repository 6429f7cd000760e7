// Records to ClickHouse rows and back. Column names match the embedded store's; reads come back with
// the `r_` prefix of the deduplicating subquery (usage-sql.ts).

import { type ApiRequestRecord, totalTokens } from '../../model/records.ts'
import { maybeNum, maybeStr, num, str } from '../row-cells.ts'
import type { JsonRow } from './clickhouse-connection.ts'

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

export function fromRow(row: JsonRow): ApiRequestRecord {
  return {
    key: str(row, 'r_key'),
    messageId: maybeStr(row, 'r_message_id'),
    requestId: maybeStr(row, 'r_request_id'),
    sessionId: str(row, 'r_session_id'),
    project: str(row, 'r_project'),
    model: str(row, 'r_model'),
    timestamp: num(row, 'r_ts'),
    inputTokens: num(row, 'r_input_tokens'),
    outputTokens: num(row, 'r_output_tokens'),
    cacheCreationTokens: num(row, 'r_cache_creation_tokens'),
    cacheCreation5mTokens: maybeNum(row, 'r_cache_creation_5m_tokens'),
    cacheCreation1hTokens: maybeNum(row, 'r_cache_creation_1h_tokens'),
    cacheReadTokens: num(row, 'r_cache_read_tokens'),
    costUsd: maybeNum(row, 'r_cost_usd'),
    durationMs: maybeNum(row, 'r_duration_ms'),
    gitBranch: maybeStr(row, 'r_git_branch'),
    version: maybeStr(row, 'r_version'),
    isSidechain: num(row, 'r_is_sidechain') === 1,
    agentId: maybeStr(row, 'r_agent_id'),
    source: str(row, 'r_source') === 'otlp' ? 'otlp' : 'transcript',
  }
}
