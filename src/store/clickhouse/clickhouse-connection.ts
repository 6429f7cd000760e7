// The one place that talks HTTP to ClickHouse: query parameters (native or bound for old servers),
// JSON rows with 64-bit integers as numbers, and transport failures turned into StoreErrors.

import { ClickHouseLogLevel, createClient } from '@clickhouse/client'
import type { ClickHouseTarget } from '../../config/clickhouse-url.ts'
import { StoreError } from '../store-error.ts'
import { bindParams, type QueryParams } from './bind-params.ts'

export type { QueryParams }

/** A JSON row as ClickHouse sends it: 64-bit integers arrive quoted, so every cell is read via helpers. */
export type JsonRow = Record<string, unknown>

export interface ConnectionOptions {
  /** Client-side limit for one request (the server is told to stop then too). @default the target's */
  requestTimeoutMs?: number
  /** Database that unqualified table names refer to (the explorer's). @default the server's default */
  database?: string
}

/** A result with its columns named and typed, rows as arrays (ClickHouse's JSONCompact). */
export interface CompactResult {
  meta: { name: string; type: string }[]
  data: unknown[][]
}

export interface ReadOnlyQueryOptions {
  /** Server settings for this request only (limits, `readonly`). */
  settings: Record<string, string | number>
  /** Stops the request when aborted. */
  signal?: AbortSignal
}

/** 700 MB: well under the 2 GB query memory limit old servers and small machines run with. */
const EXTERNAL_AFTER_BYTES = '700000000'

export class ClickHouseConnection {
  readonly #client: ReturnType<typeof createClient>
  readonly #target: ClickHouseTarget
  readonly #timeoutMs: number
  /** Whether the server binds `{name:Type}` itself (19.x and later); decided on first use. */
  #native: Promise<boolean> | undefined

  constructor(target: ClickHouseTarget, options: ConnectionOptions = {}) {
    this.#target = target
    this.#timeoutMs = options.requestTimeoutMs ?? target.requestTimeoutMs
    this.#client = createClient({
      url: target.url,
      username: target.username,
      password: target.password,
      request_timeout: this.#timeoutMs,
      ...(options.database === undefined ? {} : { database: options.database }),
      log: { level: ClickHouseLogLevel.OFF },
    })
  }

  async rows(sql: string, params: QueryParams = {}): Promise<JsonRow[]> {
    return this.#run(
      async (query, query_params) => {
        const rs = await this.#client.query({
          query,
          format: 'JSONEachRow',
          ...query_params,
          ...this.#settings(),
        })
        return rs.json<JsonRow>()
      },
      sql,
      params,
    )
  }

  /** Streams rows so that an export of millions of requests never holds them all. */
  async *stream(sql: string, params: QueryParams = {}): AsyncIterable<JsonRow> {
    const rs = await this.#run(
      (query, query_params) =>
        this.#client.query({ query, format: 'JSONEachRow', ...query_params, ...this.#settings() }),
      sql,
      params,
    )
    try {
      for await (const chunk of rs.stream<JsonRow>()) for (const row of chunk) yield row.json()
    } catch (error) {
      throw this.#storeError(error)
    }
  }

  async command(sql: string, params: QueryParams = {}): Promise<void> {
    await this.#run(
      (query, query_params) => this.#client.command({ query, ...query_params, ...this.#settings() }),
      sql,
      params,
    )
  }

  /**
   * Runs `sql` exactly as given (no placeholders are bound, so braces in it stay text) with only the
   * settings passed here: the explorer's path, where the server's `readonly` is what keeps it safe.
   */
  async readOnlyQuery(sql: string, options: ReadOnlyQueryOptions): Promise<CompactResult> {
    try {
      const rs = await this.#client.query({
        query: sql,
        format: 'JSONCompact',
        clickhouse_settings: options.settings,
        ...(options.signal === undefined ? {} : { abort_signal: options.signal }),
      })
      const json = await rs.json<unknown[]>()
      return { meta: json.meta ?? [], data: json.data }
    } catch (error) {
      throw this.#storeError(error)
    }
  }

  /**
   * Values go in the request body as JSONEachRow, never into the SQL text. The columns are named (those
   * of the first row): servers before 19.x fill unnamed columns with zeros, not their DEFAULT.
   */
  async insert(table: string, values: readonly Record<string, unknown>[]): Promise<void> {
    const [first] = values
    if (first === undefined) return
    const [column, ...more] = Object.keys(first)
    try {
      await this.#client.insert({
        table,
        values: [...values],
        format: 'JSONEachRow',
        ...(column === undefined ? {} : { columns: [column, ...more] }),
      })
    } catch (error) {
      throw this.#storeError(error)
    }
  }

  async close(): Promise<void> {
    await this.#client.close()
  }

  #settings() {
    return {
      clickhouse_settings: {
        max_execution_time: Math.max(1, Math.ceil(this.#timeoutMs / 1000)),
        // Reads merge every request's copies by key: over ten million keys that outgrew a 2 GB query
        // limit. Past these sizes ClickHouse spills the grouping and sorting to disk instead of failing.
        max_bytes_before_external_group_by: EXTERNAL_AFTER_BYTES,
        max_bytes_before_external_sort: EXTERNAL_AFTER_BYTES,
      },
    }
  }

  async #run<T>(
    send: (query: string, params: { query_params?: QueryParams }) => Promise<T>,
    sql: string,
    params: QueryParams,
  ): Promise<T> {
    try {
      const native = Object.keys(params).length > 0 && (await this.#nativeParams())
      return native ? await send(sql, { query_params: params }) : await send(bindParams(sql, params), {})
    } catch (error) {
      throw this.#storeError(error)
    }
  }

  #nativeParams(): Promise<boolean> {
    this.#native ??= this.#client
      .query({ query: 'SELECT {probe:UInt8} AS p', format: 'JSONEachRow', query_params: { probe: 1 } })
      .then(() => true)
      .catch((error: unknown) => {
        if (/Unknown setting param_probe/.test(String(error))) return false
        this.#native = undefined
        throw error
      })
    return this.#native
  }

  #storeError(error: unknown): unknown {
    if (error instanceof StoreError) return error
    const where = `ClickHouse at ${this.#target.url}`
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
    const text = error instanceof Error ? error.message : String(error)
    if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ConnectionRefused)$/.test(code))
      return new StoreError('store-unavailable', `Cannot reach ${where} (${code}); is the server running?`)
    const server = /Code: (\d+)/.exec(text)?.[1]
    // 192 unknown user, 193 wrong password, 194 password required, 516 authentication failed (newer).
    if (server && ['192', '193', '194', '516'].includes(server))
      return new StoreError(
        'store-auth-failed',
        `${where} refused user \`${this.#target.username}\`: wrong user name or password`,
      )
    // 159 is the server's own TIMEOUT_EXCEEDED (max_execution_time).
    if (text === 'Timeout error.' || server === '159')
      return new StoreError(
        'store-timeout',
        `${where} did not finish a query within ${this.#timeoutMs / 1000} s (timeout)`,
      )
    return error
  }
}
