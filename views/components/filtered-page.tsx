/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// The shell every filtered page shares: the menu, a heading, the filter form and a live region that
// re-renders the page's content when the store changes. A page supplies only its content (and any
// fields its filter form keeps); src/web/pages/filtered-page-route.ts serves it.

import type { FilterState } from '../contract/filter-state.ts'
import { Layout, LiveRegion, type NavItem } from '../layout.tsx'
import { FilterBar } from './filter-bar.tsx'

/** What a filtered page's content is drawn from. */
export interface FilteredContentProps<D> {
  data: D
  state: FilterState
  /** IANA zone for days and times. */
  timezone: string
}

export interface FilteredView<D> {
  /** The page's URL: where its filter form submits and what its menu entry links to. */
  path: string
  /** Heading, browser title and menu label. */
  title: string
  Content(props: FilteredContentProps<D>): JSX.Element
  /** Fields the filter form keeps besides the filters (the Sessions page's search and sort). */
  Fields?(props: { data: D }): JSX.Element
}

export interface FilteredPageProps<D> extends FilteredContentProps<D> {
  /** Projects and models for the filter menus. */
  projects: string[]
  models: string[]
  nav: readonly NavItem[]
  liveVersion: number
  /** URL the live region re-fetches (this request's path and query). */
  liveUrl: string
  /** `?range=…` carried by menu links. */
  navQuery: string
}

export function FilteredPage<D>(view: FilteredView<D>, props: FilteredPageProps<D>) {
  const { Content, Fields } = view
  return (
    <Layout
      title={view.title}
      active={view.path}
      nav={props.nav}
      liveVersion={props.liveVersion}
      navQuery={props.navQuery}
    >
      <h1 safe>{view.title}</h1>
      <FilterBar action={view.path} state={props.state} projects={props.projects} models={props.models}>
        {Fields ? <Fields data={props.data} /> : ''}
      </FilterBar>
      <LiveRegion url={props.liveUrl}>
        <Content data={props.data} state={props.state} timezone={props.timezone} />
      </LiveRegion>
    </Layout>
  )
}
