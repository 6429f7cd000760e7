/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { filterQuery } from '../contract/filter-state.ts'
import { formatDateTime, formatInteger, formatTokens, formatUsd, shortId } from '../format.ts'

export const sessionSorts = ['last', 'cost', 'tokens', 'requests'] as const
export type SessionSort = (typeof sessionSorts)[number]
export type SortOrder = 'asc' | 'desc'

export interface SessionListQuery {
  q?: string
  sort: SessionSort
  order: SortOrder
  page: number
}

export interface SessionListItem {
  sessionId: string
  project: string
  firstTimestamp: number
  lastTimestamp: number
  requests: number
  tokens: number
  cost: number
  models: string[]
  unpriced: boolean
}

export interface SessionList {
  items: SessionListItem[]
  total: number
  page: number
  pages: number
}

/** The Sessions page draws one page of the list, found with the search and sort in `query`. */
export interface SessionsData {
  list: SessionList
  query: SessionListQuery
}

const columns: { sort: SessionSort; label: string }[] = [
  { sort: 'last', label: 'Last activity' },
  { sort: 'requests', label: 'Requests' },
  { sort: 'tokens', label: 'Tokens' },
  { sort: 'cost', label: 'Cost' },
]

export const sessionsView: FilteredView<SessionsData> = {
  path: '/sessions',
  title: 'Sessions',
  Content: SessionsContent,
  Fields: SearchFields,
}

/** The search and sort survive Apply; the page number does not. */
function SearchFields({ data: { query } }: { data: SessionsData }) {
  return (
    <>
      <label>
        Search
        <input type="search" name="q" value={query.q ?? ''} placeholder="session id or project" />
      </label>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="order" value={query.order} />
    </>
  )
}

function SessionsContent({ data: { list, query }, state, timezone }: FilteredContentProps<SessionsData>) {
  const link = (extra: Record<string, string | number | undefined>) =>
    `/sessions${filterQuery(state, { q: query.q, sort: query.sort, order: query.order, page: query.page, ...extra })}`
  const sortLink = (sort: SessionSort) =>
    link({ sort, order: query.sort === sort && query.order === 'desc' ? 'asc' : 'desc', page: undefined })
  if (list.total === 0) return <p class="empty">No sessions match.</p>
  return (
    <div class="card">
      <p class="muted" id="sessions-count" safe>
        {`${formatInteger(list.total)} sessions · page ${list.page} of ${list.pages}`}
      </p>
      <table class="data" id="sessions">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Project</th>
            <th scope="col">Models</th>
            {columns.map((c) => (
              <th
                scope="col"
                class={c.sort === 'last' ? undefined : 'num'}
                aria-sort={
                  query.sort === c.sort ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined
                }
              >
                <a href={sortLink(c.sort)} safe>
                  {c.label}
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.items.map((s) => (
            <tr>
              <td>
                <a href={`/sessions/${encodeURIComponent(s.sessionId)}`} title={s.sessionId} safe>
                  {shortId(s.sessionId)}
                </a>{' '}
                <a
                  class="row-link"
                  href={`/sessions/${encodeURIComponent(s.sessionId)}/context`}
                  title="What fills this session's context window"
                >
                  context
                </a>
              </td>
              <td class="key" title={s.project} safe>
                {s.project}
              </td>
              <td safe>{s.models.join(', ')}</td>
              <td safe>{formatDateTime(s.lastTimestamp, timezone)}</td>
              <td class="num" safe>
                {formatInteger(s.requests)}
              </td>
              <td class="num" safe>
                {formatTokens(s.tokens)}
              </td>
              <td class="num" safe>
                {s.unpriced ? `${formatUsd(s.cost)}+` : formatUsd(s.cost)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        {list.page > 1 ? <a href={link({ page: list.page - 1 })}>← Newer page</a> : <span />}
        {list.page < list.pages ? <a href={link({ page: list.page + 1 })}>Next page →</a> : <span />}
      </nav>
    </div>
  )
}
