// Writes api_requests rows and adds the new ones to usage_rollup, summed per group for the whole
// batch. A row is first offered as a plain insert; only when its key exists does the merging upsert
// run, and the update trigger then moves the row's old and new figures in the rollup.

import type { Database, Statement } from 'bun:sqlite'
import { ROLLUP_BUCKET_MS, ROLLUP_LONG_CONTEXT_THRESHOLD } from '../usage-types.ts'
import { ADD_TO_ROLLUP, RETURNING_ROLLUP_KEY } from './usage-rollup-sql.ts'

type Params = Record<string, string | number | null>

/** What an insert returns (see RETURNING_ROLLUP_KEY). */
interface NewRow {
  bucket: number
  session_id: string
  project: string
  model: string
  long_context: number
  has_cost: number
  ts: number
  input_tokens: number
  output_tokens: number
  cache_creation_tokens: number
  cache_creation_1h_tokens: number
  cache_read_tokens: number
  cost_usd: number
}

interface Group {
  key: [number, string, string, string, number, number]
  requests: number
  input: number
  output: number
  cacheCreation: number
  cacheCreation1h: number
  cacheRead: number
  cost: number
  firstTs: number
  lastTs: number
}

export class RequestWrites {
  /** Inserts a new row and says what it added (null when the key exists). */
  readonly #insertNew: (params: Params) => NewRow | null
  readonly #merge: Statement
  readonly #addToRollup: Statement
  #groups = new Map<string, Group>()
  /** Keys inserted since the last `finish`: their figures are not in the rollup yet. */
  #pendingKeys = new Set<unknown>()

  /**
   * `insert` is an `INSERT ... VALUES (...)` into api_requests without a conflict clause; `mergeOnConflict`
   * its `ON CONFLICT (key) DO UPDATE ...` part. Both take the same named parameters. `insertsAsGiven`:
   * a new row holds exactly the parameters (requestParams' names), so its rollup figures come from them
   * instead of a RETURNING clause, which costs as much again as the insert.
   */
  constructor(db: Database, insert: string, mergeOnConflict: string, insertsAsGiven = false) {
    if (insertsAsGiven) {
      const statement = db.prepare(`${insert} ON CONFLICT (key) DO NOTHING`)
      this.#insertNew = (params) => (statement.run(params).changes === 1 ? rowOfParams(params) : null)
    } else {
      const statement = db.query<NewRow, [Params]>(
        `${insert} ON CONFLICT (key) DO NOTHING ${RETURNING_ROLLUP_KEY}`,
      )
      this.#insertNew = (params) => statement.get(params)
    }
    this.#merge = db.prepare(`${insert} ${mergeOnConflict}`)
    this.#addToRollup = db.prepare(ADD_TO_ROLLUP)
  }

  /** Inside the caller's transaction; `finish` must follow before it commits. True for a new row. */
  write(params: Params): boolean {
    const inserted = this.#insertNew(params)
    if (inserted) {
      this.#count(inserted)
      this.#pendingKeys.add(params.$key)
      return true
    }
    // The update trigger moves the old figures out of the rollup: they must be in it first.
    if (this.#pendingKeys.has(params.$key)) this.finish()
    this.#merge.run(params)
    return false
  }

  /** Adds the batch's new rows to the rollup. */
  finish(): void {
    for (const g of this.#groups.values()) {
      this.#addToRollup.run(
        ...g.key,
        g.requests,
        g.input,
        g.output,
        g.cacheCreation,
        g.cacheCreation1h,
        g.cacheRead,
        g.cost,
        g.firstTs,
        g.lastTs,
      )
    }
    this.#groups.clear()
    this.#pendingKeys.clear()
  }

  #count(r: NewRow): void {
    const id = `${r.bucket}\u0000${r.session_id}\u0000${r.project}\u0000${r.model}\u0000${r.long_context}${r.has_cost}`
    const g = this.#groups.get(id)
    if (!g) {
      this.#groups.set(id, {
        key: [r.bucket, r.session_id, r.project, r.model, r.long_context, r.has_cost],
        requests: 1,
        input: r.input_tokens,
        output: r.output_tokens,
        cacheCreation: r.cache_creation_tokens,
        cacheCreation1h: r.cache_creation_1h_tokens,
        cacheRead: r.cache_read_tokens,
        cost: r.cost_usd,
        firstTs: r.ts,
        lastTs: r.ts,
      })
      return
    }
    g.requests++
    g.input += r.input_tokens
    g.output += r.output_tokens
    g.cacheCreation += r.cache_creation_tokens
    g.cacheCreation1h += r.cache_creation_1h_tokens
    g.cacheRead += r.cache_read_tokens
    g.cost += r.cost_usd
    if (r.ts < g.firstTs) g.firstTs = r.ts
    if (r.ts > g.lastTs) g.lastTs = r.ts
  }
}

/** What RETURNING_ROLLUP_KEY would return for a row inserted exactly as `p` (integer `$ts`). */
function rowOfParams(p: Params): NewRow {
  const ts = Number(p.$ts)
  const input = Number(p.$input)
  const cacheCreation = Number(p.$cc)
  const cacheRead = Number(p.$cr)
  return {
    bucket: Math.floor(ts / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS,
    session_id: String(p.$sessionId),
    project: String(p.$project),
    model: String(p.$model),
    long_context: input + cacheCreation + cacheRead > ROLLUP_LONG_CONTEXT_THRESHOLD ? 1 : 0,
    has_cost: p.$cost === null ? 0 : 1,
    ts,
    input_tokens: input,
    output_tokens: Number(p.$output),
    cache_creation_tokens: cacheCreation,
    cache_creation_1h_tokens: p.$cc1h === null ? 0 : Number(p.$cc1h),
    cache_read_tokens: cacheRead,
    cost_usd: p.$cost === null ? 0 : Number(p.$cost),
  }
}
