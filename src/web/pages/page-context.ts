// What every page handler gets: the store's dashboard reads, pricing, time, and the live hub's version.

import type { NavItem } from '../../../views/layout.tsx'
import type { CostModel } from '../../analytics/cost-model.ts'
import type { Facets } from '../../model/usage-rows.ts'
import type { Store } from '../../store/store.ts'
import type { UsageReads } from '../../store/usage-reads.ts'
import type { SseHub } from '../live/sse-hub.ts'

export interface PageContext {
  store: Store
  reads: UsageReads
  costs: CostModel
  timezone: string
  now: () => number
  hub: SseHub
  /** The page menu, from the page table. */
  nav: readonly NavItem[]
  /** Projects and models for the filter menus, cached until the store changes. */
  facets(): Promise<Facets>
}

export function createPageContext(
  store: Store,
  costs: CostModel,
  timezone: string,
  now: () => number,
  hub: SseHub,
  nav: readonly NavItem[],
): PageContext {
  const reads = store.reads()
  let cached: { version: number; facets: Promise<Facets> } | null = null
  return {
    store,
    reads,
    costs,
    timezone,
    now,
    hub,
    nav,
    facets() {
      if (!cached || cached.version !== hub.version) cached = { version: hub.version, facets: reads.facets() }
      return cached.facets
    },
  }
}
