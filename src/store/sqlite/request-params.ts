// Bind parameters of an api_requests row, shared by the transcript and telemetry upserts.

import { type ApiRequestRecord, totalTokens } from '../../model/records.ts'

export type RowParams = Record<string, string | number | null>

export function requestParams(r: ApiRequestRecord): Record<string, string | number | null> {
  return {
    $key: r.key,
    $messageId: r.messageId,
    $requestId: r.requestId,
    $sessionId: r.sessionId,
    $project: r.project,
    $model: r.model,
    $ts: r.timestamp,
    $input: r.inputTokens,
    $output: r.outputTokens,
    $cc: r.cacheCreationTokens,
    $cc5m: r.cacheCreation5mTokens,
    $cc1h: r.cacheCreation1hTokens,
    $cr: r.cacheReadTokens,
    $total: totalTokens(r),
    $cost: r.costUsd,
    $duration: r.durationMs,
    $branch: r.gitBranch,
    $version: r.version,
    $sidechain: r.isSidechain ? 1 : 0,
    $agent: r.agentId,
    $source: r.source,
  }
}
