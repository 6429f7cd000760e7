// Versioned schema for the ClickHouse store. Every step is idempotent (IF NOT EXISTS), so several
// collectors migrating at once converge; `schema_migrations` records how far a database got.
// Types and engines are ones ClickHouse 18.16 and current releases share.

import { num } from '../row-cells.ts'
import { StoreError } from '../store-error.ts'
import type { ClickHouseConnection } from './clickhouse-connection.ts'
import { explorerCostViewMigration } from './explorer-cost-view.ts'
import type { Step } from './migration-step.ts'
import { rateLimitMigration } from './rate-limit-rows.ts'
import { rollupMigration } from './rollup-schema.ts'
import { telemetryMigration } from './telemetry-schema.ts'

/** Each migration is a list of steps; `db` is the validated database identifier. */
const migrations: readonly ((db: string) => Step[])[] = [
  // 1: requests and sessions. A response is written once per copy seen; ReplacingMergeTree keeps the
  // copy with the highest row_version (most tokens, then one with a cost, then one with a duration),
  // and queries pick the same copy with argMax before merges happen.
  (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.api_requests (
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
      row_version UInt64
    ) ENGINE = ReplacingMergeTree(row_version) ORDER BY key`,
    `CREATE TABLE IF NOT EXISTS ${db}.sessions (
      session_id String,
      project String,
      transcript_path Nullable(String),
      first_ts Int64,
      last_ts Int64,
      version Nullable(String),
      git_branch Nullable(String),
      row_version UInt64
    ) ENGINE = ReplacingMergeTree(row_version) ORDER BY session_id`,
  ],
  // 2: team mode: who sent a request (telemetry's user.id, user.email, organization.id, team).
  () =>
    ['user_id', 'user_email', 'organization_id', 'team'].map((column) => ({
      table: 'api_requests',
      addColumn: column,
      type: 'Nullable(String)',
    })),
  // 3: the collector's telemetry (telemetry-schema.ts).
  telemetryMigration,
  // 4: insertion times and the usage rollup (rollup-schema.ts).
  rollupMigration,
  // 5: plan-limit readings (rate-limit-rows.ts).
  rateLimitMigration,
  // 6: the explorer's `requests` view with each request's cost, and the rates it prices with.
  explorerCostViewMigration,
]

export const latestSchemaVersion = migrations.length

export async function migrate(conn: ClickHouseConnection, database: string): Promise<void> {
  const db = `\`${database}\``
  const [exists] = await conn.rows('SELECT count() AS n FROM system.databases WHERE name = {db:String}', {
    db: database,
  })
  // Only create when missing: a user allowed to use a database may not be allowed to create one.
  if (!exists || num(exists, 'n') === 0) await conn.command(`CREATE DATABASE IF NOT EXISTS ${db}`)
  await conn.command(
    `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, applied_at DateTime DEFAULT now())
     ENGINE = ReplacingMergeTree ORDER BY version`,
  )
  const [row] = await conn.rows(`SELECT max(version) AS v FROM ${db}.schema_migrations`)
  const current = row ? num(row, 'v') : 0
  if (current > latestSchemaVersion) {
    throw new StoreError(
      'store-too-new',
      `ClickHouse database ${database} has schema version ${current}; this version of context-cleaner knows up to ${latestSchemaVersion}. Upgrade context-cleaner.`,
    )
  }
  for (let v = current + 1; v <= latestSchemaVersion; v++) {
    for (const step of migrations[v - 1]!(db)) {
      if (typeof step === 'string') await conn.command(step)
      else await addColumn(conn, database, step)
    }
    await conn.insert(`${db}.schema_migrations`, [{ version: v }])
  }
}

async function addColumn(
  conn: ClickHouseConnection,
  database: string,
  step: Exclude<Step, string>,
): Promise<void> {
  const present = async () => {
    const [row] = await conn.rows(
      'SELECT count() AS n FROM system.columns WHERE database = {db:String} AND table = {table:String} AND name = {name:String}',
      { db: database, table: step.table, name: step.addColumn },
    )
    return row !== undefined && num(row, 'n') > 0
  }
  if (await present()) return
  try {
    await conn.command(`ALTER TABLE \`${database}\`.${step.table} ADD COLUMN ${step.addColumn} ${step.type}`)
  } catch (error) {
    if (!(await present())) throw error
  }
}
