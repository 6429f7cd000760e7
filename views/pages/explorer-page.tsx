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
}

const example =
  'SELECT model, count(*) AS requests, sum(total_tokens) AS tokens\nFROM api_requests\nGROUP BY model\nORDER BY tokens DESC'

export function ExplorerPage({ sql, dialect, schema, outcome, limits, nav }: ExplorerPageProps) {
  return (
    <Layout title="Data explorer" active="/explorer" nav={nav} liveVersion={null}>
      <h1>Data explorer</h1>
      <div class="explorer">
        <div class="stack">
          <form class="card query" method="get" action="/explorer">
            <label for="sql" safe>
              {`Read-only SQL (${dialect}). One statement; at most ${formatInteger(limits.rowLimit)} rows shown, stopped after ${formatInteger(limits.timeoutMs / 1000)} s.`}
            </label>
            <textarea id="sql" name="sql" rows="8" spellcheck="false" placeholder={example} safe>
              {sql}
            </textarea>
            <div class="actions">
              <button type="submit">Run</button>
              {sql === '' ? (
                ''
              ) : (
                <a class="button secondary" href={`/explorer.csv?sql=${encodeURIComponent(sql)}`} download="">
                  Download CSV
                </a>
              )}
            </div>
          </form>
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
        <table class="data" id="query-results">
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
                  <td class={typeof v === 'number' ? 'num' : v === null ? 'null' : undefined} safe>
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
