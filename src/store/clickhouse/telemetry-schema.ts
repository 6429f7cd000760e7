// Migration 3 of the ClickHouse store: the collector's telemetry. Telemetry copies of a request go
// into otel_requests, and reads merge them with the transcript copies (requests-sql.ts). Every table
// is written append-only and idempotently: a retried batch writes rows with the same sorting key,
// which reads group by and merges collapse. Sessions move to session_spans, one row per session and
// batch, so the earliest start survives merges (sessions' ReplacingMergeTree kept only the copy with
// the latest end, and its first_ts with it).

import type { Step } from './migration-step.ts'

export const telemetryMigration = (db: string): Step[] => [
  // Telemetry's copies of requests: beside api_requests, not in it, since a merge of api_requests keeps
  // one row per key and would drop the transcript's copy (its project, time and branch).
  `CREATE TABLE IF NOT EXISTS ${db}.otel_requests (
    key String,
    message_id Nullable(String),
    request_id Nullable(String),
    session_id String,
    project String,
    model String,
    ts Int64,
    input_tokens Int64,
    output_tokens Int64,
    cache_creation_tokens Int64,
    cache_creation_5m_tokens Nullable(Int64),
    cache_creation_1h_tokens Nullable(Int64),
    cache_read_tokens Int64,
    total_tokens Int64,
    cost_usd Nullable(Float64),
    duration_ms Nullable(Int64),
    git_branch Nullable(String),
    version Nullable(String),
    is_sidechain UInt8,
    agent_id Nullable(String),
    source String,
    row_version UInt64,
    ttft_ms Nullable(Int64),
    query_source Nullable(String),
    prompt_id Nullable(String),
    user_id Nullable(String),
    user_email Nullable(String),
    organization_id Nullable(String),
    team Nullable(String)
  ) ENGINE = ReplacingMergeTree(row_version) ORDER BY key`,
  `CREATE TABLE IF NOT EXISTS ${db}.session_spans (
    session_id String,
    project String,
    transcript_path Nullable(String),
    first_ts Int64,
    last_ts Int64,
    version Nullable(String),
    git_branch Nullable(String),
    source String
  ) ENGINE = ReplacingMergeTree ORDER BY (session_id, first_ts, last_ts, source, project)`,
  // Run twice by racing migrations, this only duplicates spans, which reads take min and max over.
  `INSERT INTO ${db}.session_spans SELECT session_id, project, transcript_path, first_ts, last_ts, version,
    git_branch, 'transcript' FROM ${db}.sessions`,
  // tool_decision and tool_result of one tool use are two rows of one key; reads merge them.
  `CREATE TABLE IF NOT EXISTS ${db}.tool_calls (
    key String,
    session_id String,
    prompt_id Nullable(String),
    request_id Nullable(String),
    tool_use_id Nullable(String),
    tool_name String,
    ts Int64,
    success Nullable(UInt8),
    duration_ms Nullable(Int64),
    input_bytes Nullable(Int64),
    result_bytes Nullable(Int64),
    error Nullable(String),
    decision Nullable(String),
    decision_source Nullable(String),
    tool_source Nullable(String),
    row_hash UInt64
  ) ENGINE = ReplacingMergeTree ORDER BY (key, row_hash)`,
  `CREATE TABLE IF NOT EXISTS ${db}.api_errors (
    key String,
    session_id String,
    prompt_id Nullable(String),
    request_id Nullable(String),
    ts Int64,
    model Nullable(String),
    status_code Nullable(Int64),
    error Nullable(String),
    attempt Nullable(Int64),
    duration_ms Nullable(Int64)
  ) ENGINE = ReplacingMergeTree ORDER BY key`,
  `CREATE TABLE IF NOT EXISTS ${db}.user_prompts (
    key String,
    session_id String,
    prompt_id Nullable(String),
    ts Int64,
    prompt_length Int64,
    prompt Nullable(String),
    command_name Nullable(String)
  ) ENGINE = ReplacingMergeTree ORDER BY key`,
  `CREATE TABLE IF NOT EXISTS ${db}.otel_logs (
    hash Int64,
    ts Int64,
    observed_ts Nullable(Int64),
    received_at Int64,
    event_name Nullable(String),
    session_id Nullable(String),
    severity_number Nullable(Int64),
    severity_text Nullable(String),
    body Nullable(String),
    attributes String,
    resource String,
    scope Nullable(String)
  ) ENGINE = ReplacingMergeTree ORDER BY (ts, hash)`,
  // The first copy of a point wins (INSERT OR IGNORE in the embedded store): its increment was
  // computed before the series moved on. first_seen is larger for earlier writes.
  `CREATE TABLE IF NOT EXISTS ${db}.otel_metrics (
    series String,
    name String,
    unit Nullable(String),
    kind String,
    temporality Nullable(String),
    monotonic UInt8,
    start_ts Nullable(Int64),
    start_key Int64,
    ts Int64,
    received_at Int64,
    value Float64,
    increment Nullable(Float64),
    count Nullable(Int64),
    session_id Nullable(String),
    model Nullable(String),
    type Nullable(String),
    user_id Nullable(String),
    organization_id Nullable(String),
    attributes String,
    resource String,
    scope Nullable(String),
    first_seen UInt64
  ) ENGINE = ReplacingMergeTree(first_seen) ORDER BY (series, ts, start_key)`,
  `CREATE TABLE IF NOT EXISTS ${db}.otel_metric_series (
    series String,
    start_ts Nullable(Int64),
    ts Int64,
    value Float64,
    updated UInt64
  ) ENGINE = ReplacingMergeTree(updated) ORDER BY series`,
]
