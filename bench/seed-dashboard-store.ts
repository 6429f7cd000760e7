// Fills a sqlite store with a realistic history, fast: sessions are contiguous runs of requests in one
// project, a few models, mostly cache reads, spread over recent months. Used by the dashboard bench.

import { Database } from 'bun:sqlite'
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts'
import { REBUILD_ROLLUP } from '../src/store/sqlite/usage-rollup-sql.ts'
import { seededRandom } from '../test/helpers/seeded-random.ts'

export interface SeedOptions {
  path: string
  requests: number
  /** The newest request lands just before this instant. */
  now: number
  days?: number
  projects?: number
  requestsPerSession?: number
}

const models = ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001']

export async function seedDashboardStore(options: SeedOptions): Promise<{ sessions: number }> {
  // Let the store create and migrate the schema, then bulk insert on a raw connection.
  await new SqliteStore(options.path).close()
  const db = new Database(options.path)
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF')
  const days = options.days ?? 180
  const projectCount = options.projects ?? 40
  const perSession = options.requestsPerSession ?? 200
  const sessionCount = Math.ceil(options.requests / perSession)
  const span = days * 86_400_000
  const random = seededRandom(42)
  const insertRequest = db.prepare(
    `INSERT INTO api_requests (key, message_id, request_id, session_id, project, model, ts, input_tokens,
      output_tokens, cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens,
      cache_read_tokens, total_tokens, cost_usd, duration_ms, git_branch, version, is_sidechain, agent_id, source)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, 0, ?11, ?12, NULL, ?13, 'main', '2.1.0', 0, NULL, 'transcript')`,
  )
  const insertSession = db.prepare(
    `INSERT INTO sessions (session_id, project, transcript_path, first_ts, last_ts, version, git_branch)
     VALUES (?1, ?2, NULL, ?3, ?4, '2.1.0', 'main')`,
  )
  let made = 0
  db.transaction(() => {
    for (let s = 0; s < sessionCount; s++) {
      const sessionId = `00000000-0000-4000-8000-${s.toString(16).padStart(12, '0')}`
      const project = `/home/dev/src/project-${Math.floor(random() * projectCount)}`
      const model = models[Math.floor(random() * random() * models.length)]!
      // Sessions are spread evenly in time (with jitter) so every day has activity.
      let ts = options.now - span + Math.floor(((s + random()) / sessionCount) * span) - 3_600_000
      const first = ts
      let context = 10_000
      const n = Math.min(perSession, options.requests - made)
      for (let i = 0; i < n; i++) {
        ts += 5_000 + Math.floor(random() * 40_000)
        const input = 1 + Math.floor(random() * 50)
        const output = 50 + Math.floor(random() * 1500)
        const creation = Math.floor(random() * 3000)
        context = context > 180_000 ? 20_000 : context + creation + output
        const read = context
        const key = `req:s${s}r${i}`
        insertRequest.run(
          key,
          `msg_${s}_${i}`,
          `req_${s}_${i}`,
          sessionId,
          project,
          model,
          ts,
          input,
          output,
          creation,
          read,
          input + output + creation + read,
          2_000 + Math.floor(random() * 20_000),
        )
      }
      made += n
      insertSession.run(sessionId, project, first, ts)
    }
  })()
  // Plain inserts bypass the writers that keep the pre-aggregated usage in step.
  db.exec(REBUILD_ROLLUP)
  db.exec('PRAGMA optimize')
  db.close()
  return { sessions: sessionCount }
}
