// Versioned schema for the embedded store; `PRAGMA user_version` records how far a database got.

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
]
