import { Elysia } from 'elysia'
import type { NavItem } from '../../../views/layout.tsx'
import { ExplorerPage } from '../../../views/pages/explorer-page.tsx'
import { defaultQueryLimits } from '../../model/explorer-results.ts'
import type { Explorer } from '../../store/explorer.ts'
import { DashboardInputError } from '../dashboard-input-error.ts'
import { type Query, text } from '../filters/dashboard-filters.ts'
import { htmlResponse } from '../pages/respond.ts'
import { toCsv } from './csv.ts'

const MAX_SQL = 20_000
const CSV_ROW_LIMIT = 100_000
const CSV_MAX_BYTES = 64 * 1024 * 1024

function sqlOf(query: Query): string | undefined {
  const sql = text(query, 'sql')
  if (sql !== undefined && sql.length > MAX_SQL)
    throw new DashboardInputError('invalid-input', `Expected a query under ${MAX_SQL} characters`)
  return sql
}

export function explorerRoutes(explorer: Explorer, nav: readonly NavItem[]) {
  return new Elysia({ name: 'explorer' })
    .get('/explorer', async ({ query }) => {
      const sql = sqlOf(query)
      const [schema, outcome] = await Promise.all([
        explorer.schema(),
        sql === undefined ? Promise.resolve(null) : explorer.run(sql, defaultQueryLimits),
      ])
      return htmlResponse(
        await ExplorerPage({
          sql: sql ?? '',
          dialect: explorer.dialect,
          schema,
          outcome,
          limits: defaultQueryLimits,
          nav,
          emptySubmitted: typeof query.sql === 'string' && query.sql.trim() === '',
        }),
      )
    })
    .get('/explorer.csv', async ({ query }) => {
      const sql = sqlOf(query)
      if (sql === undefined) throw new DashboardInputError('invalid-input', 'Expected a query in `sql`')
      const outcome = await explorer.run(sql, {
        ...defaultQueryLimits,
        rowLimit: CSV_ROW_LIMIT,
        maxOutputBytes: CSV_MAX_BYTES,
      })
      // A download saves the body as it is: a failed query is a short text file, not an HTML page.
      if (!outcome.ok)
        return new Response(`Query failed: ${outcome.message}\n`, {
          status: 400,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        })
      return new Response(toCsv(outcome.result.columns, outcome.result.rows), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="context-cleaner-query.csv"',
        },
      })
    })
}
