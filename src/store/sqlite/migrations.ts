// Versioned schema for the embedded store; `PRAGMA user_version` records how far a database got.

import { rateLimitMigration } from './rate-limit-sql.ts'
import { requestsRowidMigration, usageRollupMigration } from './usage-rollup-sql.ts'

export const migrations: readonly string[] = [
  // 1: normalized requests and sessions, import checkpoints.
  `
  CREATE TABLE api_requests (
    key TEXT PRIMARY KEY,
    message_id TEXT,
    request_id TEXT,
    session_id TEXT NOT NULL,
    project TEXT NOT NULL,
    model TEXT NOT NULL,
    ts INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_creation_5m_tokens INTEGER,
    cache_creation_1h_tokens INTEGER,
    cache_read_tokens INTEGER NOT NULL,
    total_tokens INTEGER NOT NULL,
    cost_usd REAL,
    duration_ms INTEGER,
    git_branch TEXT,
    version TEXT,
    is_sidechain INTEGER NOT NULL DEFAULT 0,
    agent_id TEXT,
    source TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX api_requests_ts ON api_requests (ts);
  CREATE INDEX api_requests_session ON api_requests (session_id);
  CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    transcript_path TEXT,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    version TEXT,
    git_branch TEXT
  );
  CREATE TABLE import_checkpoints (
    path TEXT PRIMARY KEY,
    dev INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    offset INTEGER NOT NULL
  );
  `,
  // 2: OpenTelemetry from the collector: what only telemetry knows about a request, tool calls, API
  // errors, prompt sizes, and the raw logs and metric points (kept for a retention period).
  `
  ALTER TABLE api_requests ADD COLUMN ttft_ms INTEGER;
  ALTER TABLE api_requests ADD COLUMN query_source TEXT;
  ALTER TABLE api_requests ADD COLUMN prompt_id TEXT;
  CREATE TABLE tool_calls (
    key TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    prompt_id TEXT,
    request_id TEXT,
    tool_use_id TEXT,
    tool_name TEXT NOT NULL,
    ts INTEGER NOT NULL,
    success INTEGER,
    duration_ms INTEGER,
    input_bytes INTEGER,
    result_bytes INTEGER,
    error TEXT,
    decision TEXT,
    decision_source TEXT,
    tool_source TEXT
  ) WITHOUT ROWID;
  CREATE INDEX tool_calls_ts ON tool_calls (ts);
  CREATE INDEX tool_calls_session ON tool_calls (session_id);
  CREATE TABLE api_errors (
    key TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    prompt_id TEXT,
    request_id TEXT,
    ts INTEGER NOT NULL,
    model TEXT,
    status_code INTEGER,
    error TEXT,
    attempt INTEGER,
    duration_ms INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX api_errors_ts ON api_errors (ts);
  CREATE TABLE user_prompts (
    key TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    prompt_id TEXT,
    ts INTEGER NOT NULL,
    prompt_length INTEGER NOT NULL,
    prompt TEXT,
    command_name TEXT
  ) WITHOUT ROWID;
  CREATE INDEX user_prompts_ts ON user_prompts (ts);
  CREATE TABLE otel_logs (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    observed_ts INTEGER,
    received_at INTEGER NOT NULL,
    event_name TEXT,
    session_id TEXT,
    severity_number INTEGER,
    severity_text TEXT,
    body TEXT,
    attributes TEXT NOT NULL,
    resource TEXT NOT NULL,
    scope TEXT
  );
  -- Time first, so inserts append to the index; the content hash makes an exporter's retry a no-op.
  CREATE UNIQUE INDEX otel_logs_point ON otel_logs (ts, hash);
  CREATE INDEX otel_logs_event ON otel_logs (event_name, ts);
  CREATE TABLE otel_metrics (
    id INTEGER PRIMARY KEY,
    series TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT,
    kind TEXT NOT NULL,
    temporality TEXT,
    monotonic INTEGER NOT NULL,
    start_ts INTEGER,
    ts INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    value REAL NOT NULL,
    increment REAL,
    count INTEGER,
    session_id TEXT,
    model TEXT,
    type TEXT,
    user_id TEXT,
    organization_id TEXT,
    attributes TEXT NOT NULL,
    resource TEXT NOT NULL,
    scope TEXT
  );
  -- An exporter's retry of the same point is stored once (and counted once); time first, as above.
  CREATE UNIQUE INDEX otel_metrics_point ON otel_metrics (ts, series, coalesce(start_ts, -1));
  CREATE INDEX otel_metrics_name_ts ON otel_metrics (name, ts);
  CREATE TABLE otel_metric_series (
    series TEXT PRIMARY KEY,
    start_ts INTEGER,
    ts INTEGER NOT NULL,
    value REAL NOT NULL
  ) WITHOUT ROWID;
  `,
  // 3: usage pre-aggregated per hour, kept in step by triggers (what the dashboard reads).
  usageRollupMigration,
  // 4: api_requests as a rowid table; new rows reach the rollup from their writer, not a trigger.
  requestsRowidMigration,
  // 5: team mode: who sent a request (from telemetry), for reports by user and team.
  `
  ALTER TABLE api_requests ADD COLUMN user_id TEXT;
  ALTER TABLE api_requests ADD COLUMN user_email TEXT;
  ALTER TABLE api_requests ADD COLUMN organization_id TEXT;
  ALTER TABLE api_requests ADD COLUMN team TEXT;
  `,
  // 6: telemetry-only rows waiting for a project (nearly always none): each import batch looks for
  // them per session, which without this read every row of the session.
  `
  CREATE INDEX api_requests_unknown_project ON api_requests (session_id) WHERE project = '';
  `,
  // 7: plan-limit readings (the statusline's rate_limits, "limit reached" messages in transcripts).
  rateLimitMigration,
]
