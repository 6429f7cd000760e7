// The SQL behind telemetry-writes.ts: how telemetry rows are inserted and merged.

// A request only telemetry sees (a compaction call, or one whose transcript is not imported yet) takes
// its session's project when a transcript already told it; see ADOPT_SESSION_PROJECT for the other order.
// Tokens: the larger total wins, as between transcript copies. Cost and timings: telemetry's figure
// wins (it is Claude Code's own). Session, project, time and branch: a transcript's, when one got
// there first, is kept.
export const INSERT_OTLP_REQUEST = `
INSERT INTO api_requests (key, message_id, request_id, session_id, project, model, ts, input_tokens,
  output_tokens, cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens,
  cache_read_tokens, total_tokens, cost_usd, duration_ms, git_branch, version, is_sidechain, agent_id, source,
  ttft_ms, query_source, prompt_id, user_id, user_email, organization_id, team)
VALUES ($key, $messageId, $requestId, $sessionId,
  coalesce((SELECT nullif(project, '') FROM sessions WHERE session_id = $sessionId), $project),
  $model, $ts, $input, $output, $cc, $cc5m, $cc1h,
  $cr, $total, $cost, $duration, $branch, $version, $sidechain, $agent, $source, $ttft, $querySource, $promptId,
  $userId, $userEmail, $organizationId, $team)`

export const MERGE_OTLP_REQUEST = `
ON CONFLICT (key) DO UPDATE SET
  input_tokens = iif(excluded.total_tokens > total_tokens, excluded.input_tokens, input_tokens),
  output_tokens = iif(excluded.total_tokens > total_tokens, excluded.output_tokens, output_tokens),
  cache_creation_tokens = iif(excluded.total_tokens > total_tokens, excluded.cache_creation_tokens, cache_creation_tokens),
  cache_creation_5m_tokens = iif(excluded.total_tokens > total_tokens, excluded.cache_creation_5m_tokens,
    coalesce(cache_creation_5m_tokens, iif(excluded.cache_creation_tokens = cache_creation_tokens, excluded.cache_creation_5m_tokens, NULL))),
  cache_creation_1h_tokens = iif(excluded.total_tokens > total_tokens, excluded.cache_creation_1h_tokens,
    coalesce(cache_creation_1h_tokens, iif(excluded.cache_creation_tokens = cache_creation_tokens, excluded.cache_creation_1h_tokens, NULL))),
  cache_read_tokens = iif(excluded.total_tokens > total_tokens, excluded.cache_read_tokens, cache_read_tokens),
  total_tokens = max(excluded.total_tokens, total_tokens),
  cost_usd = coalesce(excluded.cost_usd, cost_usd),
  duration_ms = coalesce(excluded.duration_ms, duration_ms),
  ttft_ms = coalesce(excluded.ttft_ms, ttft_ms),
  query_source = coalesce(excluded.query_source, query_source),
  prompt_id = coalesce(excluded.prompt_id, prompt_id),
  user_id = coalesce(excluded.user_id, user_id),
  user_email = coalesce(excluded.user_email, user_email),
  organization_id = coalesce(excluded.organization_id, organization_id),
  team = coalesce(excluded.team, team),
  request_id = coalesce(request_id, excluded.request_id),
  agent_id = coalesce(agent_id, excluded.agent_id),
  version = coalesce(version, excluded.version)
`

// Telemetry knows no project; a transcript's session row (or a later one) supplies it.
export const UPSERT_OTLP_SESSION = `
INSERT INTO sessions (session_id, project, transcript_path, first_ts, last_ts, version, git_branch)
VALUES ($id, $project, NULL, $first, $last, $version, NULL)
ON CONFLICT (session_id) DO UPDATE SET
  first_ts = min(first_ts, excluded.first_ts),
  last_ts = max(last_ts, excluded.last_ts),
  version = coalesce(version, excluded.version)
`

// A failure reported by any source stands: a transcript's is_error and telemetry's success=false.
const FAILURE_WINS = 'coalesce(min(success, excluded.success), success, excluded.success)'

// What both sources of a tool call agree on: the row, and on conflict the earlier time, the first ids
// and a failure from either side. Each source then says whose figures win.
const TOOL_CALL_UPSERT_HEAD = `
INSERT INTO tool_calls (key, session_id, prompt_id, request_id, tool_use_id, tool_name, ts, success,
  duration_ms, input_bytes, result_bytes, error, decision, decision_source, tool_source)
VALUES ($key, $session, $prompt, $request, $toolUse, $name, $ts, $success, $duration, $input, $result,
  $error, $decision, $decisionSource, $toolSource)
ON CONFLICT (key) DO UPDATE SET
  prompt_id = coalesce(prompt_id, excluded.prompt_id),
  request_id = coalesce(request_id, excluded.request_id),
  ts = min(ts, excluded.ts),
  success = ${FAILURE_WINS},`

// tool_decision and tool_result of one tool use complete each other; the earlier time is the start.
// A transcript's copy of the call (TRANSCRIPT_TOOL_CALL) may be there already: telemetry's timings win.
export const UPSERT_TOOL_CALL = `${TOOL_CALL_UPSERT_HEAD}
  duration_ms = coalesce(excluded.duration_ms, duration_ms),
  input_bytes = coalesce(excluded.input_bytes, input_bytes),
  result_bytes = coalesce(excluded.result_bytes, result_bytes),
  error = coalesce(excluded.error, error),
  decision = coalesce(excluded.decision, decision),
  decision_source = coalesce(excluded.decision_source, decision_source),
  tool_source = coalesce(excluded.tool_source, tool_source)
`

// A call read from a transcript: its name, session and time are the call's own; telemetry's
// figures (duration, sizes, decision), when it got there first, are kept. The transcript's duration
// is the time from the call's line to its result's, telemetry's the tool's own run.
export const TRANSCRIPT_TOOL_CALL = `${TOOL_CALL_UPSERT_HEAD}
  duration_ms = coalesce(duration_ms, excluded.duration_ms),
  error = coalesce(error, excluded.error)
`

// A transcript's result for a call an earlier import stored (from either source).
export const COMPLETE_TOOL_CALL = `
UPDATE tool_calls SET
  success = coalesce(min(success, $success), success, $success),
  duration_ms = coalesce(duration_ms, max(0, $ts - ts)),
  error = coalesce(error, $error),
  prompt_id = coalesce(prompt_id, $prompt)
WHERE key = $key
`

export const INSERT_API_ERROR = `
INSERT OR IGNORE INTO api_errors (key, session_id, prompt_id, request_id, ts, model, status_code, error,
  attempt, duration_ms)
VALUES ($key, $session, $prompt, $request, $ts, $model, $status, $error, $attempt, $duration)
`

export const INSERT_PROMPT = `
INSERT OR IGNORE INTO user_prompts (key, session_id, prompt_id, ts, prompt_length, prompt, command_name)
VALUES ($key, $session, $prompt, $ts, $length, $text, $command)
`

export const INSERT_LOG = `
INSERT OR IGNORE INTO otel_logs (hash, ts, observed_ts, received_at, event_name, session_id, severity_number,
  severity_text, body, attributes, resource, scope)
VALUES ($hash, $ts, $observed, $received, $event, $session, $severity, $severityText, $body, $attributes,
  $resource, $scope)
`

export const INSERT_METRIC = `
INSERT OR IGNORE INTO otel_metrics (series, name, unit, kind, temporality, monotonic, start_ts, ts,
  received_at, value, increment, count, session_id, model, type, user_id, organization_id, attributes,
  resource, scope)
VALUES ($series, $name, $unit, $kind, $temporality, $monotonic, $start, $ts, $received, $value, $increment,
  $count, $session, $model, $type, $user, $org, $attributes, $resource, $scope)
`

export const PUT_SERIES = `
INSERT INTO otel_metric_series (series, start_ts, ts, value) VALUES ($series, $start, $ts, $value)
ON CONFLICT (series) DO UPDATE SET start_ts = excluded.start_ts, ts = excluded.ts, value = excluded.value
`

// When a transcript names a session's project, the session's telemetry-only requests take it too.
export const ADOPT_SESSION_PROJECT = `
UPDATE api_requests SET project = $project
WHERE session_id = $id AND project = '' AND $project != ''
`
