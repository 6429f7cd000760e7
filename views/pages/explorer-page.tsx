/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type {
  ExplorerDialect,
  QueryLimits,
  QueryOutcome,
  SchemaTable,
} from '../../src/model/explorer-results.ts'
import { countOf, formatInteger } from '../format.ts'
import { Layout, type NavItem } from '../layout.tsx'

export interface ExplorerPageProps {
  /** The page menu. */
  nav: readonly NavItem[]
  sql: string
  dialect: ExplorerDialect
  schema: SchemaTable[]
  outcome: QueryOutcome | null
  limits: QueryLimits
  /** The form was sent with an empty box: say so, with the example in the box to run as it is. */
  emptySubmitted?: boolean
}

/**
 * In the box until a query is run, so Run does something on a first visit. It reads the `requests` view,
 * which both stores have, for the cost the reports show (`api_requests.cost_usd` is telemetry's only).
 */
export const exampleQuery =
  'SELECT model, count(*) AS requests, sum(total_tokens) AS tokens, sum(cost) AS cost\nFROM requests\nGROUP BY model\nORDER BY tokens DESC'

/** Longer text values may wrap (in a bounded column); shorter ones keep their column's width. */
const WRAP_ABOVE = 60

export function ExplorerPage({
  sql,
  dialect,
  schema,
  outcome,
  limits,
  nav,
  emptySubmitted = false,
}: ExplorerPageProps) {
  return (
    <Layout title="Data explorer" active="/explorer" nav={nav} liveVersion={null}>
      <h1>Data explorer</h1>
      <div class="explorer">
        <div class="stack">
          <form class="card query" method="get" action="/explorer">
            <label for="sql" safe>
              {`Read-only SQL (${dialect}). One statement; at most ${formatInteger(limits.rowLimit)} rows shown, stopped after ${formatInteger(limits.timeoutMs / 1000)} s.`}
            </label>
            <textarea id="sql" name="sql" rows="8" spellcheck="false" safe>
              {sql === '' ? exampleQuery : sql}
            </textarea>
            <div class="actions">
              <button type="submit">Run</button>
              {outcome === null || !outcome.ok ? (
                ''
              ) : (
                <a class="button secondary" href={`/explorer.csv?sql=${encodeURIComponent(sql)}`} download="">
                  Download CSV
                </a>
              )}
            </div>
          </form>
          {emptySubmitted ? (
            <p class="hint" role="status" id="query-empty">
              The box was empty: the example query is in it now; press Run to see what it returns.
            </p>
          ) : (
            ''
          )}
          {outcome === null ? '' : <Result outcome={outcome} />}
        </div>
        <aside class="card schema" aria-label="Schema">
          <h2>Schema</h2>
          {schema.map((t) => (
            <details>
              <summary>
                <span class="mono" safe>
                  {t.name}
                </span>
                {t.kind === 'view' ? <span class="badge">view</span> : ''}
              </summary>
              <ul>
                {t.columns.map((c) => (
                  <li>
                    <span class="mono" safe>
                      {c.name}
                    </span>{' '}
                    <span class="muted" safe>
                      {c.type}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </aside>
      </div>
    </Layout>
  )
}

function Result({ outcome }: { outcome: QueryOutcome }) {
  if (!outcome.ok) {
    return (
      <div class="error" role="alert" id="query-error">
        <strong>{outcome.code === 'timeout' ? 'Timed out' : 'Query failed'}</strong>{' '}
        <span safe>{outcome.message}</span>
      </div>
    )
  }
  const { columns, rows, truncated, durationMs } = outcome.result
  return (
    <section class="card results">
      <p class="muted" id="query-status" safe>
        {`${countOf(rows.length, 'row')}${truncated ? ' (limit reached; download the CSV for more)' : ''} · ${durationMs.toFixed(1)} ms`}
      </p>
      <div class="scroll">
        <table class="data query-results" id="query-results">
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" safe>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                {r.map((v) => (
                  <td
                    class={
                      typeof v === 'number'
                        ? 'num'
                        : v === null
                          ? 'null'
                          : String(v).length > WRAP_ABOVE
                            ? 'long'
                            : undefined
                    }
                    safe
                  >
                    {v === null ? 'NULL' : String(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
