// What a correct importer must report for the generated history: every API response counted once
// (the generator knows which lines are copies), per UTC day and model, priced per request with the
// bundled price table (so grouped pricing in reports can be checked against per-request pricing).

import { costForRequest } from '../../src/analytics/pricing/calculate-cost.ts'
import { bundledPriceTable } from '../../src/model/price-table.ts'

export interface ResponseUsage {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheCreation5mTokens: number
  cacheCreation1hTokens: number
  cacheReadTokens: number
}

export interface TokenTotals {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
  totalTokens: number
  /** Per-request cost from the bundled price table (USD). */
  cost: number
  requests: number
}

export interface ExpectedDay extends TokenTotals {
  date: string
  models: Record<string, TokenTotals>
}

export interface ExpectedTotals {
  timezone: 'UTC'
  days: ExpectedDay[]
  totals: TokenTotals
  /** Requests whose whole input was above the long-context threshold (priced at the higher tier). */
  longContextRequests: number
  unpricedModels: string[]
}

export function emptyTotals(): TokenTotals {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens: 0,
    cost: 0,
    requests: 0,
  }
}

function add(into: TokenTotals, u: ResponseUsage, cost: number): void {
  into.inputTokens += u.inputTokens
  into.outputTokens += u.outputTokens
  into.cacheCreationTokens += u.cacheCreationTokens
  into.cacheReadTokens += u.cacheReadTokens
  into.totalTokens += u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens
  into.cost += cost
  into.requests++
}

export class ExpectedTotalsBuilder {
  readonly #days = new Map<string, ExpectedDay>()
  readonly #totals = emptyTotals()
  readonly #unpriced = new Set<string>()
  readonly #table = bundledPriceTable()
  #longContext = 0

  /** One unique API response, at the timestamp of its first line. */
  add(model: string, timestamp: number, usage: ResponseUsage): void {
    const date = new Date(timestamp).toISOString().slice(0, 10)
    let day = this.#days.get(date)
    if (!day) {
      day = { date, ...emptyTotals(), models: {} }
      this.#days.set(date, day)
    }
    const priced = costForRequest(this.#table, model, usage, timestamp)
    if (!priced.priced) this.#unpriced.add(model)
    const cost = priced.priced ? priced.cost : 0
    if (usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens > 200_000) this.#longContext++
    day.models[model] ??= emptyTotals()
    add(day.models[model], usage, cost)
    add(day, usage, cost)
    add(this.#totals, usage, cost)
  }

  build(): ExpectedTotals {
    const days = [...this.#days.values()].sort((a, b) => (a.date < b.date ? -1 : 1))
    return {
      timezone: 'UTC',
      days,
      totals: this.#totals,
      longContextRequests: this.#longContext,
      unpricedModels: [...this.#unpriced].sort(),
    }
  }
}
