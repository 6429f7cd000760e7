// Pre-aggregated usage for the dashboard: api_requests summed per hour, session, project, model,
// long-context tier and cost source, so a dashboard query over months reads about one row per
// session-hour instead of every request. Partial hours (range edges, midnight in a half-hour time
// zone) are read from api_requests itself. It is kept in step inside every writer's own transaction:
// new rows by the writer, summed per batch (request-writes.ts: a per-row insert trigger cost as much
// as the insert itself), updates and deletes by triggers (rare, and any writer's change is caught).

import { ROLLUP_BUCKET_MS, ROLLUP_LONG_CONTEXT_THRESHOLD } from '../usage-types.ts'

const bucketOf = (row: 'NEW' | 'OLD') => `(${row}.ts / ${ROLLUP_BUCKET_MS}) * ${ROLLUP_BUCKET_MS}`
const longContextOf = (row: 'NEW' | 'OLD') =>
  `(${row}.input_tokens + ${row}.cache_creation_tokens + ${row}.cache_read_tokens > ${ROLLUP_LONG_CONTEXT_THRESHOLD})`

/** A row or a batch's sums joining its group: the one rule for how a group's figures add up. */
const addToGroup = (
  requests: string,
) => `ON CONFLICT (bucket, session_id, project, model, long_context, has_cost) DO UPDATE SET
    requests = requests + ${requests},
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
    cache_creation_1h_tokens = cache_creation_1h_tokens + excluded.cache_creation_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    cost_usd = cost_usd + excluded.cost_usd,
    first_ts = min(first_ts, excluded.first_ts),
    last_ts = max(last_ts, excluded.last_ts)`

const addRow = (row: 'NEW' | 'OLD') => `
  INSERT INTO usage_rollup (bucket, session_id, project, model, long_context, has_cost, requests, input_tokens,
    output_tokens, cache_creation_tokens, cache_creation_1h_tokens, cache_read_tokens, cost_usd, first_ts, last_ts)
  VALUES (${bucketOf(row)}, ${row}.session_id, ${row}.project, ${row}.model, ${longContextOf(row)},
    ${row}.cost_usd IS NOT NULL, 1, ${row}.input_tokens, ${row}.output_tokens, ${row}.cache_creation_tokens,
    coalesce(${row}.cache_creation_1h_tokens, 0), ${row}.cache_read_tokens, coalesce(${row}.cost_usd, 0),
    ${row}.ts, ${row}.ts)
  ${addToGroup('1')};`

const keyOf = (row: 'NEW' | 'OLD') =>
  `bucket = ${bucketOf(row)} AND session_id = ${row}.session_id AND project = ${row}.project
    AND model = ${row}.model AND long_context = ${longContextOf(row)} AND has_cost = (${row}.cost_usd IS NOT NULL)`

// first_ts/last_ts are not narrowed when a row leaves a group: they stay bounds of the bucket's activity.
const removeRow = (row: 'NEW' | 'OLD') => `
  UPDATE usage_rollup SET
    requests = requests - 1,
    input_tokens = input_tokens - ${row}.input_tokens,
    output_tokens = output_tokens - ${row}.output_tokens,
    cache_creation_tokens = cache_creation_tokens - ${row}.cache_creation_tokens,
    cache_creation_1h_tokens = cache_creation_1h_tokens - coalesce(${row}.cache_creation_1h_tokens, 0),
    cache_read_tokens = cache_read_tokens - ${row}.cache_read_tokens,
    cost_usd = cost_usd - coalesce(${row}.cost_usd, 0)
  WHERE ${keyOf(row)};
  DELETE FROM usage_rollup WHERE ${keyOf(row)} AND requests <= 0;`

const FILL_ROLLUP = `
  INSERT INTO usage_rollup
  SELECT (ts / ${ROLLUP_BUCKET_MS}) * ${ROLLUP_BUCKET_MS}, session_id, project, model,
    (input_tokens + cache_creation_tokens + cache_read_tokens > ${ROLLUP_LONG_CONTEXT_THRESHOLD}),
    cost_usd IS NOT NULL, count(*), sum(input_tokens), sum(output_tokens), sum(cache_creation_tokens),
    sum(coalesce(cache_creation_1h_tokens, 0)), sum(cache_read_tokens), coalesce(sum(cost_usd), 0), min(ts), max(ts)
  FROM api_requests GROUP BY 1, 2, 3, 4, 5, 6;`

/** Migration: the rollup table, its triggers, and a backfill from what is already stored. */
export const usageRollupMigration = `
  CREATE TABLE usage_rollup (
    bucket INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    project TEXT NOT NULL,
    model TEXT NOT NULL,
    long_context INTEGER NOT NULL,
    has_cost INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_creation_1h_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    PRIMARY KEY (bucket, session_id, project, model, long_context, has_cost)
  ) WITHOUT ROWID;
  CREATE INDEX usage_rollup_session ON usage_rollup (session_id);
  CREATE TRIGGER api_requests_rollup_insert AFTER INSERT ON api_requests BEGIN ${addRow('NEW')} END;
  CREATE TRIGGER api_requests_rollup_delete AFTER DELETE ON api_requests BEGIN ${removeRow('OLD')} END;
  CREATE TRIGGER api_requests_rollup_update AFTER UPDATE ON api_requests BEGIN
    ${removeRow('OLD')}
    ${addRow('NEW')}
  END;
  ${FILL_ROLLUP}
`

/**
 * Recomputes the rollup from api_requests: for rows written by plain SQL (a bulk load, a test),
 * which bypasses the writers that keep it in step.
 */
export const REBUILD_ROLLUP = `DELETE FROM usage_rollup; ${FILL_ROLLUP}`

/** The columns an insert returns so that its writer can add the new row to the rollup itself. */
export const RETURNING_ROLLUP_KEY = `RETURNING (ts / ${ROLLUP_BUCKET_MS}) * ${ROLLUP_BUCKET_MS} AS bucket, session_id, project,
  model, ${longContextOf('NEW').replaceAll('NEW.', '')} AS long_context, cost_usd IS NOT NULL AS has_cost,
  ts, input_tokens, output_tokens, cache_creation_tokens, coalesce(cache_creation_1h_tokens, 0) AS cache_creation_1h_tokens,
  cache_read_tokens, coalesce(cost_usd, 0) AS cost_usd`

/** Adds a batch's sums for one group; positional, in the order of RollupGroup's fields. */
export const ADD_TO_ROLLUP = `
  INSERT INTO usage_rollup (bucket, session_id, project, model, long_context, has_cost, requests, input_tokens,
    output_tokens, cache_creation_tokens, cache_creation_1h_tokens, cache_read_tokens, cost_usd, first_ts, last_ts)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ${addToGroup('excluded.requests')}`

const API_REQUESTS_COLUMNS = `key, message_id, request_id, session_id, project, model, ts, input_tokens, output_tokens,
  cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens, cache_read_tokens, total_tokens,
  cost_usd, duration_ms, git_branch, version, is_sidechain, agent_id, source, ttft_ms, query_source, prompt_id`

/**
 * Migration: api_requests becomes a rowid table with a unique key. WITHOUT ROWID kept whole rows in
 * key order, so every insert of a random key split pages of wide rows (twice the cost of appending a
 * row and indexing its key). The insert trigger goes: writers add new rows to the rollup per batch.
 */
export const requestsRowidMigration = `
  CREATE TABLE api_requests_next (
    key TEXT NOT NULL UNIQUE,
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
    source TEXT NOT NULL,
    ttft_ms INTEGER,
    query_source TEXT,
    prompt_id TEXT
  );
  INSERT INTO api_requests_next (${API_REQUESTS_COLUMNS})
    SELECT ${API_REQUESTS_COLUMNS} FROM api_requests ORDER BY ts;
  DROP TABLE api_requests;
  ALTER TABLE api_requests_next RENAME TO api_requests;
  CREATE INDEX api_requests_ts ON api_requests (ts);
  CREATE INDEX api_requests_session ON api_requests (session_id);
  CREATE TRIGGER api_requests_rollup_delete AFTER DELETE ON api_requests BEGIN ${removeRow('OLD')} END;
  CREATE TRIGGER api_requests_rollup_update AFTER UPDATE ON api_requests BEGIN
    ${removeRow('OLD')}
    ${addRow('NEW')}
  END;
`
